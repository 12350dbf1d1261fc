import { createHash } from 'node:crypto';
import type { ListedSegment, VerifiedSegment } from '../model/results.js';
import type { LogMismatch } from '../model/log-mismatch.js';
import type { Problem } from '../model/problem.js';
import type { CommitPoint, ScanObserver, SegmentScan } from '../format/segment-scan.js';
import { WAL_INDEX_HEADER_SIZE, decodeWalIndexHeader } from '../format/wal-index.js';
import { PAGE_SIZE } from '../format/frame.js';
import { openRegularFile } from '../storage/local-file.js';
import { scanSegment } from '../storage/scan-file.js';

/** The entry of `verify` that compares a default-mode namespace's two histories. */
export const AGREEMENT_ENTRY = '(data-wal and the log)';

interface WalFrame {
  frameNo: bigint;
  pageNo: number;
  digest: string;
}

const digestOf = (page: Uint8Array) => createHash('sha256').update(page).digest('base64');

/**
 * data-wal's committed frames as the one read of it delivers them (a scan's `onPage`, then the
 * scan), kept as each page version's digest: what its agreement with the log is decided on, and
 * what verify's other questions of data-wal (walOnDataProblem, data-shm's) are answered from.
 */
export class WalFrames implements ScanObserver {
  readonly frames: WalFrame[] = [];
  commits: readonly CommitPoint[] = [];
  /** The header's salts, which name the WAL's generation (data-shm describes one). */
  salts: [number, number] | null = null;
  /** The scan found an error: nothing past it can be compared. */
  damaged = false;

  readonly page = (frame: { frameNo: bigint; pageNo: number }, page: Uint8Array): void => {
    this.frames.push({ frameNo: frame.frameNo, pageNo: frame.pageNo, digest: digestOf(page) });
  };

  readonly scanned = (scan: SegmentScan): void => {
    this.commits = scan.commits;
    const [salt1, salt2] = [scan.header?.salt1, scan.header?.salt2];
    this.salts = typeof salt1 === 'number' && typeof salt2 === 'number' ? [salt1, salt2] : null;
    this.damaged = scan.problems.some((p) => p.severity === 'error');
  };
}

/** A piece of the log, in frame order: its frames, and the path it is read from once opened (fetched, where remote). */
export interface LogPiece {
  startFrameNo: bigint;
  endFrameNo: bigint;
  open: () => Promise<string>;
}

/** A namespace's `data` and its size in pages: the current state where data-wal holds no commit. */
export interface DataPages {
  path: string;
  pages: bigint;
}

/** Each page's newest version as of a commit, pages past the size it leaves cut off. */
function stateAt(frames: readonly WalFrame[], commit: CommitPoint): Map<number, string> {
  const pages = new Map<number, string>();
  for (const f of frames)
    if (f.frameNo <= commit.frameNo && f.pageNo <= commit.sizeAfter) pages.set(f.pageNo, f.digest);
  return pages;
}

/**
 * The log's newest version of each page asked for, and its size after its newest commit: pieces
 * read newest first, stopping once every page is found (the recent pages are in the wallog). Null
 * where a page is not found before a gap (the missing frames may hold its newest version) or a piece
 * is damaged: nothing can be compared.
 */
async function logPages(pieces: readonly LogPiece[], wanted: ReadonlySet<number>) {
  const found = new Map<number, string>();
  let size: number | null = null;
  let end: bigint | null = null;
  const newestFirst = [...pieces].reverse();
  for (const [i, piece] of newestFirst.entries()) {
    if (found.size === wanted.size && size !== null) break;
    const newer = newestFirst[i - 1];
    if (newer && piece.endFrameNo + 1n < newer.startFrameNo) return null;
    const inPiece = new Map<number, string>();
    const { scan } = await scanSegment(await piece.open(), {
      onPage: (frame, page) => {
        if (wanted.has(frame.pageNo) && !found.has(frame.pageNo)) inPiece.set(frame.pageNo, digestOf(page));
      },
    });
    // A damaged piece is verify's finding already; nothing can be compared past it.
    if (scan.problems.some((p) => p.severity === 'error')) return null;
    const last = scan.commits.at(-1);
    if (size === null && last) [size, end] = [last.sizeAfter, last.frameNo];
    for (const [pageNo, digest] of inPiece) found.set(pageNo, digest);
  }
  return size === null || end === null ? null : { found, size, end };
}

/** The first page whose version differs, or the size when that differs; null when they agree. */
function difference(state: Map<number, string>, size: number, log: { found: Map<number, string>; size: number }) {
  if (size !== log.size) return `${size} pages against the log's ${log.size}`;
  for (const [pageNo, digest] of state) if (log.found.get(pageNo) !== digest) return `page ${pageNo} differs`;
  return null;
}

/**
 * sqld's two histories of a default-mode namespace should agree at their ends: the WAL file's
 * last commit and the log's newest commit hold the same pages. Only the pages the WAL holds are
 * compared (older ones are in `data` and, if not compacted away, in the log: reading them all
 * would make this a restore). One more committed transaction in the WAL is a crash between
 * SQLite's commit and the log's write; any other difference a lost transaction. The one rule
 * verify and a restore of the current state both ask; null where they agree or cannot be compared.
 */
export async function walLogMismatch(
  wal: WalFrames,
  log: readonly LogPiece[],
  data: DataPages | null,
): Promise<LogMismatch | null> {
  const { frames, commits } = wal;
  const [previous, last] = commits.length > 1 ? commits.slice(-2) : [undefined, commits[0]];
  if (log.length === 0) return null;
  if (!last) return data && dataLogMismatch(data, log);
  const now = stateAt(frames, last);
  const before = previous ? stateAt(frames, previous) : null;
  const logEnd = await logPages(log, new Set([...now.keys(), ...(before?.keys() ?? [])]));
  const differs = logEnd && difference(now, last.sizeAfter, logEnd);
  if (!logEnd || differs === null) return null;
  const walAhead = previous !== undefined && before !== null && difference(before, previous.sizeAfter, logEnd) === null;
  return { code: 'LOG_MISMATCH', walFrame: last.frameNo, logEnd: logEnd.end, walAhead, differs };
}

/**
 * The current state where data-wal holds no commit (empty, absent after sqld closed the database,
 * or frames of an earlier round): `data` alone, wal:0. It is compared with the log at the pages of
 * the log's newest transaction, and at the database's size: a data-wal emptied or lost with commits
 * the log holds leaves `data` an older state, which a restore of the current state would give.
 */
async function dataLogMismatch(data: DataPages, log: readonly LogPiece[]): Promise<LogMismatch | null> {
  const wanted = await lastTransactionPages(log);
  const logEnd = wanted && (await logPages(log, wanted));
  if (!wanted || !logEnd) return null;
  const state = await filePages(data.path, wanted, data.pages);
  const differs = state && difference(state, Number(data.pages), logEnd);
  if (!differs) return null;
  return { code: 'LOG_MISMATCH', walFrame: 0n, logEnd: logEnd.end, walAhead: false, differs };
}

/** The pages the log's newest transaction writes; null where the log's newest piece cannot be read. */
async function lastTransactionPages(pieces: readonly LogPiece[]): Promise<Set<number> | null> {
  for (const piece of [...pieces].reverse()) {
    const frames: { frameNo: bigint; pageNo: number }[] = [];
    const { scan } = await scanSegment(await piece.open(), {
      onPage: ({ frameNo, pageNo }) => frames.push({ frameNo, pageNo }),
    });
    if (scan.problems.some((p) => p.severity === 'error')) return null;
    const last = scan.commits.at(-1);
    // A piece with no commit yet (a wallog sqld has just started again) holds no transaction.
    if (!last) continue;
    const after = scan.commits.at(-2)?.frameNo ?? piece.startFrameNo - 1n;
    return new Set(frames.filter((f) => f.frameNo > after && f.frameNo <= last.frameNo).map((f) => f.pageNo));
  }
  return null;
}

/** The digests of a database file's pages asked for that it holds; null where it cannot be read. */
async function filePages(
  path: string,
  wanted: ReadonlySet<number>,
  pages: bigint,
): Promise<Map<number, string> | null> {
  try {
    const { handle } = await openRegularFile(path);
    try {
      const found = new Map<number, string>();
      const page = new Uint8Array(PAGE_SIZE);
      for (const pageNo of wanted) {
        if (BigInt(pageNo) > pages) continue;
        const { bytesRead } = await handle.read(page, 0, PAGE_SIZE, (pageNo - 1) * PAGE_SIZE);
        if (bytesRead !== PAGE_SIZE) return null;
        found.set(pageNo, digestOf(page));
      }
      return found;
    } finally {
      await handle.close();
    }
  } catch {
    return null;
  }
}

/**
 * verify's entry for the two histories, from verify's own read of data-wal: their agreement
 * (walLogMismatch), and data-shm's. Both warnings: sqld rebuilds its log from the database at its
 * next start after a dirty shutdown.
 */
export async function compareWalWithLog(
  walFile: ListedSegment | undefined,
  wal: WalFrames,
  chosen: readonly ListedSegment[],
  data: DataPages | null,
): Promise<VerifiedSegment | null> {
  const last = wal.commits.at(-1);
  if (wal.damaged) return null;
  const problems: Problem[] = [];
  const mismatch = await walLogMismatch(
    wal,
    chosen.map(({ startFrameNo, endFrameNo, path }) => ({
      startFrameNo,
      endFrameNo,
      open: () => Promise.resolve(path),
    })),
    data,
  );
  if (mismatch) problems.push({ code: 'LOG_MISMATCH', severity: 'warning', message: mismatchMessage(mismatch) });
  if (walFile && last) problems.push(...(await walIndexProblems(walFile, wal.salts, last)));
  return problems.length > 0 ? { file: AGREEMENT_ENTRY, ok: true, problems } : null;
}

function mismatchMessage({ walFrame, logEnd, walAhead, differs }: LogMismatch): string {
  return walAhead
    ? `data-wal holds one committed transaction more (WAL frame ${walFrame}) than the log, whose ` +
        `frame ${logEnd} matches data-wal's commit before it: sqld stopped between SQLite's commit and the ` +
        `log's write, and rebuilds the log from the database at its next start; a restore without a target takes ` +
        `data + data-wal`
    : walFrame === 0n
      ? `the log's newest commit (frame ${logEnd}) and data, which data-wal adds no commit to, hold different ` +
        `pages (${differs}): a transaction is missing from one of them, data-wal emptied or lost perhaps; a ` +
        `restore without a target takes data alone, --until-frame ${logEnd} the log's`
      : `the log's newest commit (frame ${logEnd}) and data-wal's last (WAL frame ${walFrame}) hold ` +
        `different pages (${differs}): a transaction is missing from one of them; a restore without a target ` +
        `takes data + data-wal, --until-frame ${logEnd} the log's`;
}

/**
 * `data-shm` against the WAL: read as bytes (no lock taken), compared only when it describes the
 * same WAL generation (the same salts); a missing, uninitialised or stale one is SQLite's normal
 * state when no connection is open, and a torn header a writer at work: nothing to say.
 */
async function walIndexProblems(
  wal: ListedSegment,
  salts: [number, number] | null,
  last: CommitPoint,
): Promise<Problem[]> {
  const shmPath = wal.path.replace(/-wal$/, '-shm');
  const shm = await headOf(shmPath, WAL_INDEX_HEADER_SIZE);
  const index = shm && decodeWalIndexHeader(shm);
  if (!index || !salts || index.torn) return [];
  if (index.salt1 !== salts[0] || index.salt2 !== salts[1]) return [];
  if (BigInt(index.mxFrame) === last.frameNo) return [];
  return [
    {
      code: 'INDEX_MISMATCH',
      severity: 'warning',
      message:
        `data-shm says the WAL's last commit is frame ${index.mxFrame}, data-wal's own frames ` +
        `say ${last.frameNo}: a connection was writing, or the wal-index is stale; SQLite rebuilds it from ` +
        `data-wal, which alone decides what is committed`,
    },
  ];
}

async function headOf(path: string, size: number): Promise<Uint8Array | null> {
  try {
    const { handle } = await openRegularFile(path);
    try {
      const bytes = new Uint8Array(size);
      const { bytesRead } = await handle.read(bytes, 0, size, 0);
      return bytesRead === size ? bytes : null;
    } finally {
      await handle.close();
    }
  } catch {
    return null;
  }
}
