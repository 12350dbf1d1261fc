import { randomUUID } from 'node:crypto';
import { mkdir, open, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Database } from '../../core/sqlite/driver.js';
import { SeedDirLayout } from '../../core/layouts/seed-dir.js';
import { sourceFromLayout } from '../../core/restore/restore-source.js';
import { type Frame, PAGE_SIZE } from '../../core/format/frame.js';
import { formatSegmentKey } from '../../core/format/segment-key.js';
import { encodeV0Segment } from '../../core/format/segment-v0.js';
import { type Recorder, suiteInTemp } from './harness.js';
import { measureRestore } from './measures.js';

const TARGET_BYTES = 1 << 30;
const PAGES_PER_SEGMENT = 16_384; // 64 MiB segments

/** A real SQLite database of about 1 GiB: rows of random blobs, written in one transaction. */
export function buildDatabase(path: string): void {
  const db = new Database(path);
  db.pragma('page_size = 4096');
  db.exec('CREATE TABLE blobs (id INTEGER PRIMARY KEY, data BLOB NOT NULL)');
  const insert = db.prepare('INSERT INTO blobs (data) VALUES (randomblob(3500))');
  db.transaction(() => {
    for (let i = 0; i < TARGET_BYTES / 3700; i++) insert.run();
  })();
  db.close();
}

/** Cuts the database's pages into consecutive segments, as a compacted history of it would hold them. */
async function segmentsOf(dbPath: string, dir: string): Promise<void> {
  const pages = (await stat(dbPath)).size / PAGE_SIZE;
  const handle = await open(dbPath, 'r');
  try {
    let frameNo = 1n;
    for (let first = 1; first <= pages; first += PAGES_PER_SEGMENT) {
      const count = Math.min(PAGES_PER_SEGMENT, pages - first + 1);
      const bytes = new Uint8Array(count * PAGE_SIZE);
      await handle.read(bytes, 0, bytes.length, (first - 1) * PAGE_SIZE);
      const start = frameNo;
      const frames: Frame[] = Array.from({ length: count }, (_, i) => ({
        pageNo: first + i,
        sizeAfter: i === count - 1 ? first + count - 1 : 0,
        frameNo: frameNo++,
        page: bytes.subarray(i * PAGE_SIZE, (i + 1) * PAGE_SIZE),
      }));
      const end = frameNo - 1n;
      await writeFile(
        join(dir, formatSegmentKey({ startFrameNo: start, endFrameNo: end, createdAt: 1_700_000_000n })),
        encodeV0Segment({ segmentId: randomUUID(), startFrameNo: start, endFrameNo: end, frames }),
      );
    }
  } finally {
    await handle.close();
  }
}

/** A ~1 GiB database restored from the seed's segments of it. */
async function restoreBench(root: string, record: Recorder): Promise<void> {
  const dbPath = join(root, 'source.db');
  buildDatabase(dbPath);
  const prefix = join(root, 'prefix');
  await mkdir(join(prefix, 'segments'), { recursive: true });
  await segmentsOf(dbPath, join(prefix, 'segments'));
  const source = await sourceFromLayout(new SeedDirLayout(prefix), 'default');
  await measureRestore({ what: 'from its segments', dbPath, source, inputs: prefix, scratch: root }, record);
}

export const restoreSuite = suiteInTemp('restore', [restoreBench]);
