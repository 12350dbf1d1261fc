import { execFileSync } from 'node:child_process';
import { closeSync, openSync, readSync, readdirSync, statSync, writeSync } from 'node:fs';
import { copyFile, open, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { filesEqual } from '../../core/storage/files-equal.js';
import { APP_HELP_AFTER_MS, verifyFiles } from '../../core/inspect/verify-files.js';
import { listNamespace } from '../../core/inspect/list-namespace.js';
import { SqldDataDirLayout } from '../../core/layouts/sqld-data-dir.js';
import { quickCheck } from '../../core/restore/quick-check.js';
import { restoreDatabase } from '../../core/restore/restore.js';
import { RESTORE_WORDS, type RestoreSource } from '../../core/restore/restore-contract.js';
import { SEGSCOPE } from './command-env.js';
import { RUNS, repeated } from './command-runs.js';
import { type Recorder, type Timed, medianMs, mediansInTurnsMs } from './harness.js';

/** What a plain read moves at once, warming a file. */
const WARM_CHUNK = 8 << 20;

/** Reads every file at or below `path` through, so that a timed run finds them in the page cache. */
function warm(path: string, buffer = new Uint8Array(WARM_CHUNK)): void {
  if (statSync(path).isDirectory()) {
    for (const name of readdirSync(path)) warm(join(path, name), buffer);
    return;
  }
  const fd = openSync(path, 'r');
  try {
    while (readSync(fd, buffer, 0, buffer.length, null) > 0);
  } finally {
    closeSync(fd);
  }
}

/**
 * Before a timed run that writes a database's worth, untimed: the last run's output removed, every
 * dirty page written back (a run that starts while earlier gigabytes are still being written back is
 * throttled for them: a copy read 376 MB/s right after a CI run, 1742 MB/s on a quiet disk), and the
 * run's inputs read through (a copy whose source the page cache had let go read 510 MB/s, warm
 * 2100-2600 MB/s), so that the restore and the copy it is held against both start from memory.
 */
async function settle(output: string, inputs: string): Promise<void> {
  await rm(output, { force: true });
  execFileSync('sync');
  warm(inputs);
}

/** Flushes a file's written pages to disk. */
async function flushFile(path: string): Promise<void> {
  const handle = await open(path, 'r+');
  await handle.sync();
  await handle.close();
}

/**
 * Verify of segment files on disk against zlib.crc32 over the same bytes in memory. `segments`
 * holds those bytes for the baseline and is emptied before verify runs, so it reads from disk.
 * Then `segscope verify` of their folder, `dir`, as an operator runs it: a process of its own.
 */
export async function measureVerify(
  what: string,
  dir: string,
  paths: readonly string[],
  segments: Uint8Array[],
  record: Recorder,
): Promise<void> {
  const mb = segments.reduce((n, s) => n + s.length, 0) / 1e6;
  // Flushed first, so the kernel is not writing a gigabyte back while verify reads it.
  for (const path of paths) await flushFile(path);
  const crcMs = await medianMs(5, () => {
    for (const s of segments) crc32(s);
  });
  segments.length = 0;
  // The baseline's gigabyte is garbage now: collected here, not inside the timed verify
  // (`npm run bench` runs with --expose-gc).
  (globalThis as { gc?: () => void }).gc?.();
  const crcRate = mb / (crcMs / 1000);
  // One thread, as a command verifies a gigabyte; then two, as the app does once it has verified
  // for 50 ms (the untimed first run starts the second thread, as the app's first verify would).
  for (const [how, helpAfterMs] of [
    ['one thread, as a command', null],
    ['two threads, as the app', APP_HELP_AFTER_MS],
  ] as const) {
    let ok = false;
    await verifyFiles(paths, undefined, helpAfterMs); // once untimed, as the CRC baseline has no compiler to warm up
    const verifyMs = await medianMs(5, async () => {
      ok = (await verifyFiles(paths, undefined, helpAfterMs)).ok;
    });
    if (!ok) throw new Error('the benchmark segments failed verification');
    const rate = mb / (verifyMs / 1000);
    record({
      what: `verify ${mb.toFixed(0)} MB of ${what}, ${how}`,
      value: rate,
      unit: 'MB/s',
      baseline: { what: 'zlib.crc32 over the same bytes in memory, one thread', value: crcRate },
      ratio: { value: rate / crcRate, meaning: 'of in-memory CRC-32' },
      target: { text: '>= 0.8x', met: rate / crcRate >= 0.8 },
    });
  }
  const commandMs = repeated([SEGSCOPE, 'verify', dir]).wallMs;
  record({
    what:
      `segscope verify of the same files, a process of its own (its ` +
      `start and a compiler still cold included; median of ${RUNS})`,
    value: mb / (commandMs / 1000),
    unit: 'MB/s',
    baseline: { what: 'zlib.crc32 over the same bytes in memory, one thread', value: crcRate },
    ratio: { value: mb / (commandMs / 1000) / crcRate, meaning: 'of in-memory CRC-32' },
  });
}

/** A restore the bench times, and the database it must give. */
export interface BenchRestore {
  /** How the row names where it restores from. */
  what: string;
  /** The database the restore must give, byte for byte. */
  dbPath: string;
  source: RestoreSource;
  /** The folder holding every file the restore reads. */
  inputs: string;
  /** Where the outputs go. */
  scratch: string;
}

/** Runs of a restore and of each baseline it is held against, in turns. */
const RESTORE_ROUNDS = 5;

/** fs.copyFile of `from` to `to`, flushed to disk or not, from a settled disk with `from` warm. */
function copyRun(from: string, to: string, flushed: boolean): Timed {
  return {
    fn: async () => {
      await copyFile(from, to);
      if (flushed) await flushFile(to);
    },
    settle: () => settle(to, from),
  };
}

/** Restore of `dbPath`'s content from `source` against fs.copyFile of the database, byte-checked. */
export async function measureRestore(
  { what, dbPath, source, inputs, scratch }: BenchRestore,
  record: Recorder,
): Promise<void> {
  const mb = (await stat(dbPath)).size / 1e6;
  const copied = join(scratch, 'copy.db');
  const restored = join(scratch, 'restored.db');
  // A restore is on disk when it returns (fsync before the rename): beside the target's baseline,
  // a copy held to the same promise, so the part that is the disk's shows.
  const [copyMs = NaN, restoreMs = NaN, durableCopyMs = NaN] = await mediansInTurnsMs(RESTORE_ROUNDS, [
    copyRun(dbPath, copied, false),
    { fn: () => restoreDatabase(source, { out: restored, allowGaps: false }), settle: () => settle(restored, inputs) },
    copyRun(dbPath, copied, true),
  ]);
  await rm(copied);
  if (!(await filesEqual(dbPath, restored))) throw new Error('the restored database differs from the source');
  // The check every restore ends with, alone: the part of the restore that is SQLite's reading.
  const checkMs = await medianMs(3, () => quickCheck(restored, 'the bench restore', RESTORE_WORDS));
  const rate = mb / (restoreMs / 1000);
  const copyRate = mb / (copyMs / 1000);
  const turns = `(median of ${RESTORE_ROUNDS}, in turns)`;
  record({
    what: `restore a ${mb.toFixed(0)} MB database ${what} ${turns}`,
    value: rate,
    unit: 'MB/s',
    baseline: { what: `fs.copyFile of the same database ${turns}`, value: copyRate },
    ratio: { value: rate / copyRate, meaning: 'of fs.copyFile' },
    target: { text: '>= 0.5x', met: rate / copyRate >= 0.5 },
  });
  record({
    what: `SQLite's quick_check of the restored database alone, as the restore runs it (median of 3)`,
    value: mb / (checkMs / 1000),
    unit: 'MB/s',
    baseline: { what: `fs.copyFile of the same database ${turns}`, value: copyRate },
    ratio: { value: copyMs / checkMs, meaning: 'of fs.copyFile' },
  });
  const durableRate = mb / (durableCopyMs / 1000);
  record({
    what: `the same restore against a copy flushed to disk as the restore is`,
    value: rate,
    unit: 'MB/s',
    baseline: { what: `fs.copyFile, then fsync ${turns}`, value: durableRate },
    ratio: { value: rate / durableRate, meaning: 'of a flushed copy' },
  });
}

/** What a plain copy moves with each read() and write(). */
const PLAIN_CHUNK = 8 << 20;

/** `from` copied to `to` by a plain loop: read() into a buffer of our own, write() out. */
function plainCopy(from: string, to: string): void {
  const buffer = new Uint8Array(PLAIN_CHUNK);
  const [input, output] = [openSync(from, 'r'), openSync(to, 'w')];
  try {
    for (let at = 0, n = 0; (n = readSync(input, buffer, 0, PLAIN_CHUNK, at)) > 0; at += n) {
      for (let done = 0; done < n;) done += writeSync(output, buffer, done, n - done, at + done);
    }
  } finally {
    closeSync(input);
    closeSync(output);
  }
}

/**
 * The least any restore pays that reads the pages into its own memory, writes them out and ends
 * with SQLite's quick_check, as every restore does before it publishes: a plain read()+write()
 * copy of the database, 8 MiB at a time, then `quickCheck` of the copy. Not flushed to disk, so
 * a durable restore pays at least this. No target: it says what the restore's target allows.
 */
export async function measureCheckFloor(dbPath: string, scratch: string, record: Recorder): Promise<void> {
  const mb = (await stat(dbPath)).size / 1e6;
  const out = join(scratch, 'plain-copy.db');
  const copied = join(scratch, 'copy.db');
  const [copyMs = NaN, floorMs = NaN] = await mediansInTurnsMs(RESTORE_ROUNDS, [
    copyRun(dbPath, copied, false),
    {
      fn: () => {
        plainCopy(dbPath, out);
        quickCheck(out, 'the copy', RESTORE_WORDS);
      },
      settle: () => settle(out, dbPath),
    },
  ]);
  await rm(copied);
  if (!(await filesEqual(dbPath, out))) throw new Error('the plain copy differs from the source');
  await rm(out);
  const rate = mb / (floorMs / 1000);
  const turns = `(median of ${RESTORE_ROUNDS}, in turns)`;
  record({
    what:
      'the floor any restore ending in quick_check pays: a plain read()+write() copy in 8 MiB ' +
      `chunks, then quick_check of the copy ${turns}`,
    value: rate,
    unit: 'MB/s',
    baseline: { what: `fs.copyFile of the same database ${turns}`, value: mb / (copyMs / 1000) },
    ratio: { value: copyMs / floorMs, meaning: 'of fs.copyFile' },
  });
}

/** What a listing row lists: a sqld data directory's `default` namespace whose files are all in `dir`. */
export interface ListedFolder {
  /** The data directory. */
  root: string;
  /** The folder holding every file of the namespace. */
  dir: string;
  /** How many segments the listing must find. */
  count: number;
  /** The bytes of each file's header that the bare loop reads. */
  headerSize: number;
  /** The row's name. */
  what: string;
}

/**
 * A sqld namespace listed through its layout against a bare loop that reads each file's header:
 * the listing's cost beyond the I/O it cannot avoid (median of 5 each).
 */
export async function measureListing(folder: ListedFolder, record: Recorder): Promise<void> {
  const header = new Uint8Array(folder.headerSize);
  const bareMs = await medianMs(5, () => {
    for (const name of readdirSync(folder.dir)) {
      const fd = openSync(join(folder.dir, name), 'r');
      readSync(fd, header, 0, folder.headerSize, 0);
      closeSync(fd);
    }
  });
  let listed = 0;
  const listMs = await medianMs(5, async () => {
    listed = (await listNamespace(new SqldDataDirLayout(folder.root), 'default')).segments.length;
  });
  if (listed !== folder.count) throw new Error(`listed ${listed} of ${folder.count}`);
  record({
    what: folder.what,
    value: listMs,
    unit: 'ms',
    baseline: {
      what: `a bare loop: readdir, open each file, read its ${folder.headerSize}-byte header`,
      value: bareMs,
    },
    ratio: { value: listMs / bareMs, meaning: 'the bare loop' },
    target: { text: '<= 2x', met: listMs / bareMs <= 2 },
  });
}
