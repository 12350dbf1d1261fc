import { mkdir, open, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { encodeDbFooter } from '../../core/format/db-footer.js';
import { PAGE_SIZE } from '../../core/format/frame.js';
import { SEALED_HEADER_SIZE } from '../../core/format/sealed-segment.js';
import { sqldSegmentName } from '../../core/format/segment-name.js';
import { SqldDataDirLayout } from '../../core/layouts/sqld-data-dir.js';
import { sourceFromLayout } from '../../core/restore/restore-source.js';
import { type Recorder, suiteInTemp } from './harness.js';
import { measureListing, measureRestore, measureVerify } from './measures.js';
import { buildDatabase } from './restore.bench-suite.js';
import { LOG_ID, buildSqldNamespace, sealed } from './sqld-dir-fixture.js';

const VERIFY_FILES = 16;
const VERIFY_FRAMES = 16_320; // 16 × 16,320 slots × 4,116 bytes ≈ 1 GiB
const LIST_SEGMENTS = 10_000;
const RESTORE_PAGES_PER_SEGMENT = 16_384; // 64 MiB of pages a segment

async function verifyBench(root: string, record: Recorder): Promise<void> {
  const dir = join(root, 'verify');
  await mkdir(dir);
  const fixed = new Uint8Array(PAGE_SIZE).map((_, i) => (i * 31) & 0xff);
  const paths: string[] = [];
  const segments: Uint8Array[] = [];
  for (let f = 0; f < VERIFY_FILES; f++) {
    const bytes = sealed(
      BigInt(f * VERIFY_FRAMES + 1),
      1,
      VERIFY_FRAMES,
      () => fixed,
      () => VERIFY_FRAMES,
    );
    const path = join(dir, sqldSegmentName(BigInt(f * VERIFY_FRAMES + 1)));
    await writeFile(path, bytes);
    paths.push(path);
    segments.push(bytes);
  }
  await measureVerify(`sealed .seg files (header, chain, index; ${VERIFY_FILES} files)`, dir, paths, segments, record);
}

async function listBench(root: string, record: Recorder): Promise<void> {
  const walDir = await buildSqldNamespace(join(root, 'list'), LIST_SEGMENTS);
  const what =
    `list a sqld namespace of ${LIST_SEGMENTS.toLocaleString('en')} ` + `sealed segments (format, range, status, gaps)`;
  await measureListing(
    { root: join(root, 'list'), dir: walDir, count: LIST_SEGMENTS, headerSize: SEALED_HEADER_SIZE, what },
    record,
  );
}

/**
 * A sqld namespace holding a real ~1 GiB SQLite database: its first half checkpointed into `data`
 * (with the footer), the rest as sealed segments of 64 MiB of pages each.
 */
async function restoreBench(root: string, record: Recorder): Promise<void> {
  const dbPath = join(root, 'source.db');
  buildDatabase(dbPath);
  const size = (await stat(dbPath)).size;
  const pages = size / PAGE_SIZE;
  const checkpointed = Math.floor(pages / 2);
  const nsDir = join(root, 'restore', 'dbs', 'default');
  await mkdir(join(nsDir, 'data-wal'), { recursive: true });
  const db = await open(dbPath, 'r');
  try {
    const base = new Uint8Array(checkpointed * PAGE_SIZE);
    await db.read(base, 0, base.length, 0);
    await writeFile(
      join(nsDir, 'data'),
      Buffer.concat([base, encodeDbFooter({ version: 1, replicationIndex: BigInt(checkpointed), logId: LOG_ID })]),
    );
    for (let first = checkpointed + 1; first <= pages; first += RESTORE_PAGES_PER_SEGMENT) {
      const count = Math.min(RESTORE_PAGES_PER_SEGMENT, pages - first + 1);
      const bytes = new Uint8Array(count * PAGE_SIZE);
      await db.read(bytes, 0, bytes.length, (first - 1) * PAGE_SIZE);
      // Frame numbers follow page numbers: frames 1..checkpointed are in `data`.
      const segment = sealed(
        BigInt(first),
        first,
        count,
        (p) => bytes.subarray((p - first) * PAGE_SIZE, (p - first + 1) * PAGE_SIZE),
        (last) => Math.max(last, checkpointed),
      );
      await writeFile(join(nsDir, 'data-wal', sqldSegmentName(BigInt(first))), segment);
    }
  } finally {
    await db.close();
  }
  const source = await sourceFromLayout(new SqldDataDirLayout(join(root, 'restore')), 'default');
  await measureRestore(
    {
      what: 'from a sqld data directory (half in data, half in sealed segments)',
      dbPath,
      source,
      inputs: join(root, 'restore'),
      scratch: root,
    },
    record,
  );
}

export const sqldSuite = suiteInTemp('sqld', [verifyBench, listBench, restoreBench]);
