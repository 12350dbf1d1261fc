import { closeSync, openSync, readSync, readdirSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, open, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { filesEqual } from '../../core/backend/files-equal.js';
import { encodeDbFooter } from '../../core/format/db-footer.js';
import { PAGE_SIZE } from '../../core/format/frame.js';
import { SEALED_HEADER_SIZE, encodeSealedSegment } from '../../core/format/sealed-segment.js';
import { listNamespace } from '../../core/inspect/list-namespace.js';
import { verifyFiles } from '../../core/inspect/verify-files.js';
import { SqldDataDirLayout } from '../../core/layouts/sqld-data-dir.js';
import { restoreDatabase } from '../../core/restore/restore.js';
import { sourceFromLayout } from '../../core/restore/restore-source.js';
import { type BenchSuite, medianMs } from './harness.js';
import { buildDatabase } from './restore.bench-suite.js';

const LOG_ID = '5e9b4c1a-2f3d-4e5f-8a9b-0c1d2e3f4a5b';
const VERIFY_FILES = 16;
const VERIFY_FRAMES = 16_320; // 16 × 16,320 slots × 4,116 bytes ≈ 1 GiB
const LIST_SEGMENTS = 10_000;
const RESTORE_PAGES_PER_SEGMENT = 16_384; // 64 MiB of pages a segment

const segName = (start: bigint) => `${start.toString().padStart(20, '0')}.seg`;

/** A sealed segment of `count` pages from `first`, in transactions of 64 frames. */
function sealed(start: bigint, first: number, count: number, page: (pageNo: number) => Uint8Array, sizeAfter: (last: number) => number): Uint8Array {
  const transactions = [];
  for (let at = 0; at < count; at += 64) {
    const n = Math.min(64, count - at);
    const pages = Array.from({ length: n }, (_, i) => ({ pageNo: first + at + i, page: page(first + at + i) }));
    transactions.push({ pages, sizeAfter: sizeAfter(first + at + n - 1) });
  }
  return encodeSealedSegment({ startFrameNo: start, salt: 0x5eed, logId: LOG_ID, sealedAtMs: 1_730_000_000_000n, transactions });
}

async function verifyBench(root: string, record: Parameters<BenchSuite['run']>[0]): Promise<void> {
  const dir = join(root, 'verify');
  await mkdir(dir);
  const fixed = new Uint8Array(PAGE_SIZE).map((_, i) => (i * 31) & 0xff);
  const paths: string[] = [];
  const segments: Uint8Array[] = [];
  for (let f = 0; f < VERIFY_FILES; f++) {
    const bytes = sealed(BigInt(f * VERIFY_FRAMES + 1), 1, VERIFY_FRAMES, () => fixed, () => VERIFY_FRAMES);
    const path = join(dir, segName(BigInt(f * VERIFY_FRAMES + 1)));
    await writeFile(path, bytes);
    paths.push(path);
    segments.push(bytes);
  }
  const mb = segments.reduce((n, s) => n + s.length, 0) / 1e6;
  const crcMs = await medianMs(3, () => {
    for (const s of segments) crc32(s);
  });
  segments.length = 0;
  let ok = false;
  const verifyMs = await medianMs(3, async () => {
    ok = (await verifyFiles(paths)).ok;
  });
  if (!ok) throw new Error('the benchmark segments failed verification');
  const rate = mb / (verifyMs / 1000);
  const crcRate = mb / (crcMs / 1000);
  record({
    what: `verify ${mb.toFixed(0)} MB of sealed .seg files (header, chain, index; ${VERIFY_FILES} files)`,
    value: rate,
    unit: 'MB/s',
    baseline: { what: 'zlib.crc32 over the same bytes in memory', value: crcRate },
    ratio: { value: rate / crcRate, meaning: 'of in-memory CRC-32' },
    target: { text: '>= 0.8x', met: rate / crcRate >= 0.8 },
  });
}

async function listBench(root: string, record: Parameters<BenchSuite['run']>[0]): Promise<void> {
  const walDir = join(root, 'list', 'dbs', 'default', 'data-wal');
  await mkdir(walDir, { recursive: true });
  await writeFile(join(root, 'list', 'dbs', 'default', 'data'), encodeDbFooter({ version: 1, replicationIndex: 0n, logId: LOG_ID }));
  const page = new Uint8Array(PAGE_SIZE);
  for (let i = 0; i < LIST_SEGMENTS; i++) {
    const start = BigInt(i * 2 + 1);
    await writeFile(join(walDir, segName(start)), sealed(start, 1, 2, () => page, () => 2));
  }
  const layout = new SqldDataDirLayout(join(root, 'list'));
  const header = new Uint8Array(SEALED_HEADER_SIZE);
  const bareMs = await medianMs(5, () => {
    for (const name of readdirSync(walDir)) {
      const fd = openSync(join(walDir, name), 'r');
      readSync(fd, header, 0, SEALED_HEADER_SIZE, 0);
      closeSync(fd);
    }
  });
  let listed = 0;
  const listMs = await medianMs(5, async () => {
    listed = (await listNamespace(layout, 'default')).segments.length;
  });
  if (listed !== LIST_SEGMENTS) throw new Error(`listed ${listed} of ${LIST_SEGMENTS} segments`);
  record({
    what: `list a sqld namespace of ${LIST_SEGMENTS.toLocaleString('en')} sealed segments (format, range, status, gaps)`,
    value: listMs,
    unit: 'ms',
    baseline: { what: 'a bare loop: readdir, open each file, read its 92-byte header', value: bareMs },
    ratio: { value: listMs / bareMs, meaning: 'the bare loop' },
    target: { text: '<= 2x', met: listMs / bareMs <= 2 },
  });
}

/**
 * A sqld namespace holding a real ~1 GiB SQLite database: its first half checkpointed into `data`
 * (with the footer), the rest as sealed segments of 64 MiB of pages each.
 */
async function restoreBench(root: string, record: Parameters<BenchSuite['run']>[0]): Promise<void> {
  const dbPath = join(root, 'source.db');
  buildDatabase(dbPath);
  const size = (await stat(dbPath)).size;
  const pages = size / PAGE_SIZE;
  const checkpointed = Math.floor(pages / 2);
  const nsDir = join(root, 'restore', 'dbs', 'default');
  await mkdir(join(nsDir, 'data-wal'), { recursive: true });
  const source = await open(dbPath, 'r');
  try {
    const base = new Uint8Array(checkpointed * PAGE_SIZE);
    await source.read(base, 0, base.length, 0);
    await writeFile(join(nsDir, 'data'), Buffer.concat([base, encodeDbFooter({ version: 1, replicationIndex: BigInt(checkpointed), logId: LOG_ID })]));
    for (let first = checkpointed + 1; first <= pages; first += RESTORE_PAGES_PER_SEGMENT) {
      const count = Math.min(RESTORE_PAGES_PER_SEGMENT, pages - first + 1);
      const bytes = new Uint8Array(count * PAGE_SIZE);
      await source.read(bytes, 0, bytes.length, (first - 1) * PAGE_SIZE);
      // Frame numbers follow page numbers: frames 1..checkpointed are in `data`.
      const segment = sealed(BigInt(first), first, count, (p) => bytes.subarray((p - first) * PAGE_SIZE, (p - first + 1) * PAGE_SIZE), (last) => Math.max(last, checkpointed));
      await writeFile(join(nsDir, 'data-wal', segName(BigInt(first))), segment);
    }
  } finally {
    await source.close();
  }
  const mb = size / 1e6;
  let run = 0;
  const copyMs = await medianMs(3, async () => {
    const out = join(root, `copy-${run++}.db`);
    await copyFile(dbPath, out);
    await rm(out);
  });
  const restoreSource = await sourceFromLayout(new SqldDataDirLayout(join(root, 'restore')), 'default');
  const restored = join(root, 'restored.db');
  const restoreMs = await medianMs(3, async () => {
    await rm(restored, { force: true });
    await restoreDatabase(restoreSource, { out: restored, allowGaps: false });
  });
  if (!(await filesEqual(dbPath, restored))) throw new Error('the restored database differs from the source');
  const rate = mb / (restoreMs / 1000);
  const copyRate = mb / (copyMs / 1000);
  record({
    what: `restore a ${mb.toFixed(0)} MB database from a sqld data directory (half in data, half in sealed segments; median of 3)`,
    value: rate,
    unit: 'MB/s',
    baseline: { what: 'fs.copyFile of the same database (median of 3)', value: copyRate },
    ratio: { value: rate / copyRate, meaning: 'of fs.copyFile' },
    target: { text: '>= 0.5x', met: rate / copyRate >= 0.5 },
  });
}

export const sqldSuite: BenchSuite = {
  name: 'sqld',
  async run(record) {
    const root = await mkdtemp(join(tmpdir(), 'segscope-bench-sqld-'));
    try {
      await verifyBench(root, record);
      await listBench(root, record);
      await restoreBench(root, record);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  },
};
