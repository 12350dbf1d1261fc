import { cp, readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBinary } from '../../support/cli.js';
import { treeFingerprint } from '../../support/real-data.js';
import { tempDir } from '../../support/segments.js';

const SAMPLE = join(import.meta.dirname, '../../vectors/sqld-default/data.sqld');

interface Piece {
  file: string;
  format: string;
  startFrameNo: number;
  endFrameNo: number;
}

/**
 * Every file under `root` but the snapshots with its link count and inode change time: a hard link
 * to one changes both. A snapshot is never written again, so fetch may link it.
 */
async function inodes(root: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || entry.name.endsWith('.snap')) continue;
    const info = await stat(join(entry.parentPath, entry.name));
    out.push(`${join(entry.parentPath, entry.name)} ${info.nlink} ${info.ctimeMs}`);
  }
  return out.sort();
}

/** The frame numbers a piece holds, as `inspect --frames --json` reads them. */
async function framesOf(path: string): Promise<number[]> {
  const run = await runBinary(['inspect', path, '--frames', '--json']);
  return (JSON.parse(run.out) as { frames: { frameNo: number }[] }).frames.map((f) => f.frameNo);
}

/**
 * Through the installed command (bin/segscope.cjs and its bundles): fetch --frame of a frame in
 * each snapshot and log of a default-mode namespace hands out that piece — a snapshot hard-linked,
 * a log sqld still appends to (the wallog) or one waiting in to_compact copied — a frame past the
 * log and a WAL frame are refused with their codes, store is refused READ_ONLY_LAYOUT, no file of
 * the data directory changes, and none but a snapshot gains a link or has its inode touched.
 */
async function checkNamespace(root: string, namespace: string): Promise<void> {
  const before = [await treeFingerprint(root, true), await inodes(root)];
  const listed = await runBinary(['list', root, '--namespace', namespace, '--json']);
  expect(listed.code).toBe(0);
  const pieces = (JSON.parse(listed.out) as { segments: Piece[] }).segments.filter((s) => s.format !== 'sqlite-wal');
  expect(new Set(pieces.map((p) => p.format))).toEqual(new Set(['sqld-snapshot', 'wallog']));
  for (const piece of pieces) {
    const frame = Math.floor((piece.startFrameNo + piece.endFrameNo) / 2);
    const dest = await tempDir();
    const run = await runBinary(['fetch', root, '--namespace', namespace, '--frame', `${frame}`, '--dest', `${dest}/`]);
    expect(run.err).toBe('');
    const source = join(root, 'dbs', namespace, piece.file);
    // A snapshot keeps only each page's newest frame: whether it holds this one, from its frames as inspect reads them.
    const held = (await framesOf(source)).includes(frame);
    expect(run.out).toContain(
      held || piece.format !== 'sqld-snapshot'
        ? `frame ${frame} is in ${piece.file} (local), fetched to ${dest}/`
        : `frame ${frame} lies in the range of ${piece.file} (local), fetched to ${dest}/`,
    );
    const [fetched = ''] = await readdir(dest);
    expect(await readFile(join(dest, fetched))).toEqual(await readFile(source));
    const linked = (await stat(join(dest, fetched))).ino === (await stat(source)).ino;
    expect(linked, piece.file).toBe(piece.format === 'sqld-snapshot');
  }
  const end = Math.max(...pieces.map((p) => p.endFrameNo));
  const dest = await tempDir();
  const past = await runBinary([
    'fetch',
    root,
    '--namespace',
    namespace,
    '--frame',
    `${end + 1}`,
    '--dest',
    `${dest}/`,
  ]);
  expect(past.code).toBe(1);
  expect(past.err).toBe(
    `segscope: FRAME_NOT_FOUND: no segment of namespace "${namespace}" in ${root} holds frame ${end + 1}\n`,
  );
  const wal = await runBinary(['fetch', root, '--namespace', namespace, '--frame', 'wal:1', '--dest', `${dest}/`]);
  expect(wal.code).toBe(2);
  expect(wal.err).toMatch(/^segscope: INVALID_ARGUMENT: --frame wal:1 is a frame of the namespace's SQLite WAL file/);
  expect(await readdir(dest)).toEqual([]);

  const stored = await runBinary(['store', join(root, 'dbs', namespace, 'wallog'), '--dir', root]);
  expect(stored.code).toBe(1);
  expect(stored.err).toContain('READ_ONLY_LAYOUT');
  expect([await treeFingerprint(root, true), await inodes(root)]).toEqual(before);
}

describe('fetch and store on a default-mode sqld namespace, through the installed command', () => {
  it("the sample directory's namespace with pending logs (tenant-b)", async () => {
    const root = join(await tempDir(), 'data.sqld');
    await cp(SAMPLE, root, { recursive: true, preserveTimestamps: true });
    await checkNamespace(root, 'tenant-b');
  });

  it("the demo's default-mode namespace (classic)", async () => {
    const root = join(await tempDir(), 'data.sqld');
    expect((await runBinary(['demo', root, '--segments', '6'])).code).toBe(0);
    await checkNamespace(root, 'classic');
  });

  it('a frame a snapshot covers but no longer holds is said to be superseded, in text and JSON', async () => {
    const root = join(await tempDir(), 'data.sqld');
    await cp(SAMPLE, root, { recursive: true, preserveTimestamps: true });
    const snap = 'snapshots/163d4ab6-54af-4cf0-a19d-acb3523746a9-0-277.snap';
    const frames = await framesOf(join(root, 'dbs/default', snap));
    // The review's case: frame 100 was superseded (compaction kept its page's later frame), 108 was kept.
    expect(frames).not.toContain(100);
    expect(frames).toContain(108);
    const fetch = async (frame: number, json: boolean) => {
      const dest = await tempDir();
      const args = ['fetch', root, '--namespace', 'default', '--frame', `${frame}`, '--dest', `${dest}/`];
      return runBinary(json ? [...args, '--json'] : args);
    };
    const text = await fetch(100, false);
    expect(text.code).toBe(0);
    expect(text.out).toContain(`frame 100 lies in the range of ${snap} (local)`);
    expect(text.out).toContain("keeps only each page's newest frame, and frame 100 is not among them");
    expect(text.out).not.toContain('frame 100 is in');
    // The file handed out is the one sqld's find_snapshot_file serves the frame from: the range covering it.
    expect(JSON.parse((await fetch(100, true)).out)).toMatchObject({ key: snap, superseded: true });
    expect(JSON.parse((await fetch(108, true)).out)).not.toHaveProperty('superseded');
    expect((await fetch(108, false)).out).toContain(`frame 108 is in ${snap} (local)`);
  });
});
