import { setTimeout as sleep } from 'node:timers/promises';
import { join } from 'node:path';
import { DATA, DATA_SHM, DATA_WAL } from '../format/sqld-names.js';
import { SQLITE_WAL_HEADER_SIZE } from '../format/sqlite-wal.js';
import { WAL_INDEX_BACKFILL_AT, WAL_INDEX_BACKFILL_ATTEMPTED_AT } from '../format/wal-index.js';
import { bytesAt } from '../storage/bytes-at.js';
import { type FileMark, statMark } from '../storage/file-mark.js';

const U32 = 4;
/** How often, and how long at most, a wait for a checkpoint that is copying looks again. */
const COPYING_POLL_MS = 5;
const COPYING_WAIT_MS = 2000;

/**
 * What a checkpoint of a default-mode namespace's SQLite database changes, read as plain bytes and
 * a stat, never a lock (sqld keeps writing while Segscope reads). Equal marks taken before a read of
 * `data` + `data-wal` and after its last byte say no checkpoint ran in between; unequal ones, that
 * the read may hold pages of two states. A mark holds:
 * - data-wal's header: its checkpoint sequence and salts change whenever the WAL starts over (frames
 *   from 1 then overwrite the old ones), and a TRUNCATE checkpoint empties it;
 * - data-shm's nBackfill and nBackfillAttempted: a checkpoint moves the second before it copies
 *   frames into `data` and the first once it has, where it leaves the WAL as it is;
 * - data's stat: in WAL mode only a checkpoint writes `data`. Its modification time catches a
 *   checkpoint already copying at the first mark and still copying at the second, which moves
 *   neither count, though only where the filesystem's clock ticked between the two writes.
 * A commit alone changes none of them: it appends frames past those a read's listing bounded it to.
 */
export function checkpointMark(nsDir: string): string {
  const walHeader = bytesAt(join(nsDir, DATA_WAL), 0, SQLITE_WAL_HEADER_SIZE);
  return JSON.stringify([hex(walHeader), hex(backfillCounts(nsDir)), dataMark(join(nsDir, DATA))]);
}

/**
 * Resolves once no checkpoint is copying into `data` (nBackfillAttempted past nBackfill): one
 * that is copying changes the mark again as it ends, so a read started before then is cut by it.
 * A checkpoint that stopped for good (its process killed) leaves the two apart: the wait is bounded.
 */
export async function checkpointCopied(nsDir: string): Promise<void> {
  for (let waited = 0; waited < COPYING_WAIT_MS; waited += COPYING_POLL_MS) {
    const counts = backfillCounts(nsDir);
    if (!counts || counts.subarray(0, U32).every((b, i) => b === counts[U32 + i])) return;
    await sleep(COPYING_POLL_MS);
  }
}

/** nBackfill then nBackfillAttempted, as data-shm holds them; null where it has none. */
function backfillCounts(nsDir: string): Uint8Array | null {
  const from = WAL_INDEX_BACKFILL_AT;
  const info = bytesAt(join(nsDir, DATA_SHM), from, WAL_INDEX_BACKFILL_ATTEMPTED_AT + U32 - from);
  if (!info) return null;
  const counts = new Uint8Array(2 * U32);
  counts.set(info.subarray(0, U32));
  counts.set(info.subarray(WAL_INDEX_BACKFILL_ATTEMPTED_AT - from), U32);
  return counts;
}

/** A folder on the way that cannot be searched is the listing's to report: here, no mark. */
function dataMark(path: string): FileMark | null {
  try {
    return statMark(path);
  } catch {
    return null;
  }
}

function hex(bytes: Uint8Array | null): string | null {
  return bytes && Buffer.from(bytes).toString('hex');
}
