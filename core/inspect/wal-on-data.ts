import type { Problem } from '../model/problem.js';
import { PAGE_SIZE } from '../format/frame.js';
import { scanSegment } from '../storage/scan-file.js';

/** The page holding byte 2^30 (SQLite's lock bytes): SQLite never writes it, so it is never in a WAL. */
const LOCK_BYTE_PAGE = Math.floor(0x40000000 / PAGE_SIZE) + 1;

/**
 * Whether a default-mode namespace's `data-wal` can stand on its `data`, as of its commit at or
 * before `walFrame` (null: its last). SQLite grows a database only by writing the new pages, so
 * every page that commit counts past the end of `data` is written by a committed frame of the WAL.
 * One that is not was never written on top of this `data` (another database's WAL, or a `data`
 * cut short): the state would hold a page nobody wrote, which SQLite calls malformed. Reading the
 * WAL's page numbers is all it costs; a WAL that does not fit that way may still be refused by
 * SQLite's quick_check when restored.
 */
export async function walOnDataProblem(
  walPath: string,
  dataPages: bigint,
  walFrame: bigint | null = null,
): Promise<Problem | null> {
  const written: { pageNo: number; frameNo: bigint }[] = [];
  // Only committed frames are delivered, each with SQLite's index in the WAL as its frame number.
  const { scan } = await scanSegment(walPath, {
    onPage: ({ pageNo, frameNo }) => void written.push({ pageNo, frameNo }),
  });
  const commit = scan.commits.filter((c) => walFrame === null || c.frameNo <= walFrame).at(-1);
  if (!commit) return null;
  const pages = new Set(written.filter((f) => f.frameNo <= commit.frameNo).map((f) => f.pageNo));
  // A size past every page anything holds is a damaged commit size (the restore's BAD_SIZE), not a misfit.
  let highest = Number(dataPages);
  for (const pageNo of pages) if (pageNo > highest) highest = pageNo;
  if (commit.sizeAfter > highest) return null;
  for (let pageNo = Number(dataPages) + 1; pageNo <= commit.sizeAfter; pageNo++) {
    if (pages.has(pageNo) || pageNo === LOCK_BYTE_PAGE) continue;
    return {
      code: 'CHECKPOINT_MISMATCH',
      severity: 'error',
      message:
        `data-wal's commit at WAL frame ${commit.frameNo} leaves the database at ${commit.sizeAfter} pages, but ` +
        `data holds ${dataPages} and no committed frame of data-wal writes page ${pageNo}: this data-wal was ` +
        `not written on top of this data (another database's WAL, or data cut short), so the state as of ` +
        `wal:${commit.frameNo} cannot be restored`,
    };
  }
  return null;
}
