import { SQLD_FRAME_SIZE } from '../format/sqld-frame.js';
import { SNAPSHOT_HEADER_SIZE, snapshotNumbers } from '../format/sqld-snapshot.js';
import { bytesAt } from '../storage/bytes-at.js';

/**
 * Whether a snapshot still holds frame `frameNo` itself, not only a range that covers it: sqld
 * keeps each page's newest frame, so a frame a later one of its page superseded is gone. The
 * frames are in strictly descending frame number, so a binary search reads a few of them. Null
 * where the file cannot tell (unreadable, cut short).
 */
export function snapshotHoldsFrame(path: string, size: bigint, frameNo: bigint): boolean | null {
  const head = bytesAt(path, 0, SNAPSHOT_HEADER_SIZE);
  if (!head) return null;
  const fit =
    size > BigInt(SNAPSHOT_HEADER_SIZE) ? (size - BigInt(SNAPSHOT_HEADER_SIZE)) / BigInt(SQLD_FRAME_SIZE) : 0n;
  const count = snapshotNumbers(head).frameCount;
  let low = 0;
  let high = Number(count < fit ? count : fit) - 1;
  while (low <= high) {
    const middle = Math.floor((low + high) / 2);
    const bytes = bytesAt(path, SNAPSHOT_HEADER_SIZE + middle * SQLD_FRAME_SIZE, 8);
    if (!bytes) return null;
    const found = new DataView(bytes.buffer).getBigUint64(0, true);
    if (found === frameNo) return true;
    // Descending: a larger frame number lies before the one sought.
    if (found > frameNo) low = middle + 1;
    else high = middle - 1;
  }
  return false;
}
