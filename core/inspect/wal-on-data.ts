import type { Problem } from '../model/problem.js';
import { PAGE_SIZE } from '../format/frame.js';
import type { CommitPoint } from '../format/segment-scan.js';

/** The page holding byte 2^30 (SQLite's lock bytes): SQLite never writes it, so it is never in a WAL. */
const LOCK_BYTE_PAGE = Math.floor(0x40000000 / PAGE_SIZE) + 1;

/** A commit of a default-mode namespace's `data-wal`, and what its committed frames wrote up to it. */
export interface WalCommitOnData {
  /** Its frame index in the WAL file. */
  frameNo: bigint;
  /** The database's size in pages after it. */
  sizeAfter: number;
  /** Pages `data` holds. */
  dataPages: bigint;
  /** Whether a committed frame at or before it writes the page. */
  written: (pageNo: number) => boolean;
}

/**
 * Whether a default-mode namespace's `data-wal` can stand on its `data` as of one of its commits.
 * SQLite grows a database only by writing the new pages, so every page that commit counts past the
 * end of `data` is written by a committed frame of the WAL. One that is not was never written on
 * top of this `data` (another database's WAL, or a `data` cut short): the state would hold a page
 * nobody wrote, which SQLite calls malformed. A size past every page anything holds is a damaged
 * commit size (the restore's BAD_SIZE), not this.
 */
export function walMisfit({ frameNo, sizeAfter, dataPages, written }: WalCommitOnData): Problem | null {
  for (let pageNo = Number(dataPages) + 1; pageNo <= sizeAfter; pageNo++) {
    if (written(pageNo) || pageNo === LOCK_BYTE_PAGE) continue;
    return {
      code: 'CHECKPOINT_MISMATCH',
      severity: 'error',
      message:
        `data-wal's commit at WAL frame ${frameNo} leaves the database at ${sizeAfter} pages, but ` +
        `data holds ${dataPages} and no committed frame of data-wal writes page ${pageNo}: this data-wal was ` +
        `not written on top of this data (another database's WAL, or data cut short), so the state as of ` +
        `wal:${frameNo} cannot be restored`,
    };
  }
  return null;
}

/**
 * walMisfit for the WAL file's last commit, from verify's read of the file (verify's question; a
 * restore asks it of the pages it applied): its committed frames' page numbers are all it takes; a
 * WAL that does not fit that way may still be refused by SQLite's quick_check when restored.
 */
export function walOnDataProblem(
  wal: { frames: readonly { pageNo: number }[]; commits: readonly CommitPoint[] },
  dataPages: bigint,
): Problem | null {
  const written = new Set(wal.frames.map((f) => f.pageNo));
  const commit = wal.commits.at(-1);
  if (!commit) return null;
  let highest = Number(dataPages);
  for (const pageNo of written) if (pageNo > highest) highest = pageNo;
  if (commit.sizeAfter > highest) return null;
  const { frameNo, sizeAfter } = commit;
  return walMisfit({ frameNo, sizeAfter, dataPages, written: (pageNo) => written.has(pageNo) });
}
