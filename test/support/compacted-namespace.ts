import { randomUUID } from 'node:crypto';
import { mkdir, open, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { crc64FromBigInt, crc64ToBigInt, crc64WithInitial } from '../../core/format/crc64.js';
import { PAGE_SIZE } from '../../core/format/frame.js';
import { encodeSnapshot, snapshotName } from '../../core/format/sqld-snapshot.js';
import { encodeWallog } from '../../core/format/wallog.js';

/** `count` pages from `bytes`, numbered from `first`, each a view of its 4096 bytes. */
export const pagesOf = (bytes: Uint8Array, first: number, count: number) =>
  Array.from({ length: count }, (_, i) => ({
    pageNo: first + i,
    page: bytes.subarray(i * PAGE_SIZE, (i + 1) * PAGE_SIZE),
  }));

/**
 * A default-mode namespace folder holding the SQLite database at `dbPath` as a compacted log holds
 * it: snapshots of `pagesPerSnapshot` pages each (frame n holds page n + 1, newest frame first,
 * each carrying the log's CRC-64 chain from frame 0), the last pages in the `wallog` as one
 * transaction. Returns the snapshots' file names, oldest first.
 */
export async function writeCompactedNamespace(
  dbPath: string,
  nsDir: string,
  pagesPerSnapshot: number,
): Promise<string[]> {
  const logId = randomUUID();
  const pages = (await stat(dbPath)).size / PAGE_SIZE;
  await mkdir(join(nsDir, 'snapshots'), { recursive: true });
  const db = await open(dbPath, 'r');
  const names: string[] = [];
  let chain = crc64FromBigInt(0n);
  try {
    for (let first = 1; first <= pages; first += pagesPerSnapshot) {
      const count = Math.min(pagesPerSnapshot, pages - first + 1);
      const bytes = new Uint8Array(count * PAGE_SIZE);
      await db.read(bytes, 0, bytes.length, (first - 1) * PAGE_SIZE);
      const [start, end] = [BigInt(first - 1), BigInt(first + count - 2)];
      if (first + count > pages) {
        const transactions = [{ pages: pagesOf(bytes, first, count), sizeAfter: pages }];
        const log = encodeWallog({ logId, startFrameNo: start, startChecksum: crc64ToBigInt(chain), transactions });
        await writeFile(join(nsDir, 'wallog'), log.bytes);
        continue;
      }
      const frames = pagesOf(bytes, first, count)
        .map((p) => {
          chain = crc64WithInitial(chain, p.page);
          return { ...p, frameNo: BigInt(p.pageNo - 1), checksum: crc64ToBigInt(chain), sizeAfter: 0 };
        })
        .reverse();
      const name = snapshotName(logId, start, end);
      await writeFile(
        join(nsDir, 'snapshots', name),
        encodeSnapshot({ logId, startFrameNo: start, endFrameNo: end, sizeAfter: first + count - 1 }, frames),
      );
      names.push(name);
    }
  } finally {
    await db.close();
  }
  return names;
}
