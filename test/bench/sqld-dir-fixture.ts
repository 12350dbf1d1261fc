import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { encodeDbFooter } from '../../core/format/db-footer.js';
import { PAGE_SIZE } from '../../core/format/frame.js';
import { encodeSealedSegment } from '../../core/format/sealed-segment.js';
import { sqldSegmentName } from '../../core/format/segment-name.js';

export const LOG_ID = '5e9b4c1a-2f3d-4e5f-8a9b-0c1d2e3f4a5b';

/** A sealed segment of `count` pages from `first`, in transactions of 64 frames. */
export function sealed(
  start: bigint,
  first: number,
  count: number,
  page: (pageNo: number) => Uint8Array,
  sizeAfter: (last: number) => number,
): Uint8Array {
  const transactions = [];
  for (let at = 0; at < count; at += 64) {
    const n = Math.min(64, count - at);
    const pages = Array.from({ length: n }, (_, i) => ({ pageNo: first + at + i, page: page(first + at + i) }));
    transactions.push({ pages, sizeAfter: sizeAfter(first + at + n - 1) });
  }
  return encodeSealedSegment({
    startFrameNo: start,
    salt: 0x5eed,
    logId: LOG_ID,
    sealedAtMs: 1_730_000_000_000n,
    transactions,
  });
}

/**
 * A sqld data directory at `root` whose namespace `default` holds an empty database file and
 * `count` small sealed segments (two frames each, back to back): the shape of a namespace with a
 * long history, quick to build. Returns the `data-wal` folder.
 */
export async function buildSqldNamespace(root: string, count: number): Promise<string> {
  const walDir = join(root, 'dbs', 'default', 'data-wal');
  await mkdir(walDir, { recursive: true });
  await writeFile(
    join(root, 'dbs', 'default', 'data'),
    encodeDbFooter({ version: 1, replicationIndex: 0n, logId: LOG_ID }),
  );
  const page = new Uint8Array(PAGE_SIZE);
  for (let i = 0; i < count; i++) {
    const start = BigInt(i * 2 + 1);
    await writeFile(
      join(walDir, sqldSegmentName(start)),
      sealed(
        start,
        1,
        2,
        () => page,
        () => 2,
      ),
    );
  }
  return walDir;
}
