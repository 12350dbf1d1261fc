import { randomUUID } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { PAGE_SIZE } from '../../core/format/frame.js';
import { SNAPSHOT_HEADER_SIZE, encodeSnapshot, snapshotName } from '../../core/format/sqld-snapshot.js';
import { encodeWallog } from '../../core/format/wallog.js';
import { verifyFiles } from '../../core/inspect/verify-files.js';
import { SqldDataDirLayout } from '../../core/layouts/sqld-data-dir.js';
import { sourceFromLayout } from '../../core/restore/restore-source.js';
import { type Recorder, medianMs, suiteInTemp } from './harness.js';
import { measureCheckFloor, measureListing, measureRestore } from './measures.js';
import { buildDatabase } from './restore.bench-suite.js';
import { pagesOf, writeCompactedNamespace } from '../support/compacted-namespace.js';

const WALLOG_PAGES = 260_000; // 260,000 frames of 4,120 bytes ≈ 1.07 GB
const LIST_SNAPSHOTS = 10_000;
const PAGES_PER_SNAPSHOT = 32_768; // 128 MiB of pages a snapshot
const LOG_ID = randomUUID();

/** A namespace's wallog of ~1 GiB (one transaction per 1,000 pages, CRC-64 chained), verified whole. */
async function verifyBench(root: string, record: Recorder): Promise<void> {
  const pages = new Uint8Array(1000 * PAGE_SIZE).map((_, i) => (i * 131 + (i >> 12)) & 0xff);
  const transactions = Array.from({ length: WALLOG_PAGES / 1000 }, () => ({
    pages: pagesOf(pages, 1, 1000),
    sizeAfter: 1000,
  }));
  let log: Uint8Array | null = encodeWallog({ logId: LOG_ID, startFrameNo: 0n, startChecksum: 0n, transactions }).bytes;
  const path = join(root, 'wallog');
  await writeFile(path, log);
  const mb = log.length / 1e6;
  const held = log;
  const crcMs = await medianMs(5, () => crc32(held));
  log = null;
  (globalThis as { gc?: () => void }).gc?.();
  let ok = false;
  await verifyFiles([path]); // once untimed, as the baseline has no compiler to warm up
  const verifyMs = await medianMs(5, async () => {
    ok = (await verifyFiles([path])).ok;
  });
  if (!ok) throw new Error('the benchmark wallog failed verification');
  const [rate, crcRate] = [mb / (verifyMs / 1000), mb / (crcMs / 1000)];
  record({
    what: `verify a ${mb.toFixed(0)} MB wallog (numbering, CRC-64 chain of every frame), one thread`,
    value: rate,
    unit: 'MB/s',
    baseline: { what: 'zlib.crc32 over the same bytes in memory, one thread', value: crcRate },
    ratio: { value: rate / crcRate, meaning: 'of in-memory CRC-32' },
    target: { text: '>= 0.25x', met: rate / crcRate >= 0.25 },
  });
  await rm(path);
}

/** 10,000 one-frame snapshots in a chain, listed as a namespace against a loop reading each header. */
async function listBench(root: string, record: Recorder): Promise<void> {
  const dir = join(root, 'list', 'dbs', 'default', 'snapshots');
  await mkdir(dir, { recursive: true });
  const page = new Uint8Array(PAGE_SIZE);
  for (let i = 0; i < LIST_SNAPSHOTS; i++) {
    const frameNo = BigInt(i);
    const bytes = encodeSnapshot({ logId: LOG_ID, startFrameNo: frameNo, endFrameNo: frameNo, sizeAfter: 1 }, [
      { frameNo, checksum: 0n, pageNo: 1, sizeAfter: 0, page },
    ]);
    await writeFile(join(dir, snapshotName(LOG_ID, frameNo, frameNo)), bytes);
  }
  const what =
    `list a default-mode namespace of ${LIST_SNAPSHOTS.toLocaleString('en')} ` +
    `snapshots (name, header, range, chain)`;
  await measureListing(
    { root: join(root, 'list'), dir, count: LIST_SNAPSHOTS, headerSize: SNAPSHOT_HEADER_SIZE, what },
    record,
  );
}

/**
 * A real ~1 GiB SQLite database as a default-mode namespace's log holds it after compactions:
 * snapshots of 128 MiB of pages each (frames newest first), the last pages in the wallog as one
 * transaction. Page p is frame p-1 (the log starts at frame 0).
 */
async function restoreBench(root: string, record: Recorder): Promise<void> {
  const dbPath = join(root, 'source.db');
  buildDatabase(dbPath);
  await writeCompactedNamespace(dbPath, join(root, 'restore', 'dbs', 'default'), PAGES_PER_SNAPSHOT);
  const source = await sourceFromLayout(new SqldDataDirLayout(join(root, 'restore')), 'default');
  const what = 'from a default-mode namespace (128 MiB snapshots + wallog)';
  const inputs = join(root, 'restore');
  await measureRestore({ what, dbPath, source, inputs, scratch: root }, record);
  await measureCheckFloor(dbPath, root, record);
}

export const sqldDefaultSuite = suiteInTemp('sqld-default', [verifyBench, listBench, restoreBench]);
