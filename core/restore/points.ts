import type { DamagedPiece, FrameRange, PointsResult, RestorePoint, UnrecognizedFile } from '../model/results.js';
import type { Problem } from '../model/problem.js';
import { SegscopeError } from '../errors.js';
import { type CommitPoint, errorWithin, holdsEveryCommit } from '../format/segment-scan.js';
import { isoFromMs } from '../format/recorded-time.js';
import { scanSegment } from '../storage/scan-file.js';
import { gapsAndOverlaps, newestEnd } from '../layouts/timeline.js';
import type { RestoreSource, SourceSegment } from './restore-contract.js';

export interface SegmentPoints {
  segment: SourceSegment;
  path: string;
  /** Commits after the base, in frame order; those before its damage, when it has some. */
  commits: CommitPoint[];
  timeMs: bigint | null;
  /**
   * A log damaged from a transaction on: that transaction's first frame, the first frame the damage
   * reaches, and the damage found first.
   */
  damage?: { fromFrameNo: bigint; unprovenFrom: bigint; problem: Problem };
}

/**
 * Reads each segment's commits: every committed transaction of a sealed segment, a log or a WAL
 * file (a frame with a database size after it), the end of a compacted one or a snapshot. A log
 * damaged from one transaction on keeps the commits before it; other damage stops the walk with
 * its error.
 */
export async function segmentPoints(segment: SourceSegment): Promise<SegmentPoints> {
  const path = await segment.open();
  const { scan } = await scanSegment(path);
  const found = { segment, path, commits: scan.commits, timeMs: scan.timeMs ?? segment.listedTimeMs };
  const problem = errorWithin(scan, null);
  if (!problem) return found;
  const from = scan.damagedFrom;
  if (!from) throw new SegscopeError(problem.code, `${segment.file}: ${problem.message}`);
  const commits = scan.commits.filter((c) => c.slots <= from.slot);
  return { ...found, commits, damage: { fromFrameNo: from.frameNo, unprovenFrom: from.unprovenFrom, problem } };
}

/** A SQLite WAL file (data-wal) numbers its frames by SQLite's index in it, asked for as `wal:N`. */
export const inWalFrames = (segment: SourceSegment): boolean => segment.format === 'sqlite-wal';

function sortByEnd(segments: readonly SourceSegment[]): SourceSegment[] {
  return [...segments].sort((a, b) =>
    a.endFrameNo !== b.endFrameNo
      ? a.endFrameNo < b.endFrameNo
        ? -1
        : 1
      : a.startFrameNo < b.startFrameNo
        ? -1
        : a.startFrameNo > b.startFrameNo
          ? 1
          : 0,
  );
}

/**
 * A segment's points, or null when it cannot be read; its damage, if any, as an entry of
 * `unreadable`, with the frame its points stop at where those before the damage are kept.
 */
async function readablePoints(segment: SourceSegment, unreadable: DamagedPiece[]): Promise<SegmentPoints | null> {
  try {
    const found = await segmentPoints(segment);
    const damage = found.damage;
    if (damage) {
      const { code, message } = damage.problem;
      unreadable.push({
        file: segment.file,
        code,
        message: `${segment.file}: ${message}`,
        ...leftOutFrom(segment, damage.fromFrameNo),
      });
    }
    return found;
  } catch (error) {
    if (!(error instanceof SegscopeError)) throw error;
    unreadable.push({ file: segment.file, code: error.code, message: error.message, ...leftOutFrom(segment) });
    return null;
  }
}

/**
 * Where a damaged piece's points stop: from its damaged transaction, else all of them. A WAL
 * file's are its own history's (wal:1 on, wal:0 being data alone): the log's points stand apart.
 */
function leftOutFrom(segment: SourceSegment, from?: bigint): Pick<DamagedPiece, 'fromFrameNo' | 'fromWalFrame'> {
  if (inWalFrames(segment)) return { fromWalFrame: from ?? 1n };
  return from !== undefined ? { fromFrameNo: from } : {};
}

/** The points listed, and the log's commits the segments' first gap alone left out of them. */
interface ReadPoints {
  listed: PointsResult;
  pastGap: RestorePoint[];
}

/**
 * Every point a restore can stand at, in frame order, each with its time where one is recorded. A
 * piece that cannot be read is named in `unreadable`; the log's points from its start on (from its
 * damaged transaction on, where the commits before it are proven) are left out (a restore to them
 * would have to read it), the others are listed. The points from the segments' first gap on are
 * left out too, as restore refuses them (planRestore's gaps, CHAIN_GAP): the gap is named in `gap`,
 * or where a database file not read held its frames, that file in `unreadable`.
 */
export async function listPoints(source: RestoreSource): Promise<PointsResult> {
  return (await readPoints(source)).listed;
}

/**
 * The newest point at or before `time`, among the commits past the segments' first gap too: a time
 * past the gap then stands at a point restore refuses, as that point's frame is, rather than at the
 * last point before the gap, which is not the state as of that time.
 */
export async function pointAtTimeIn(source: RestoreSource, time: string): Promise<RestorePoint> {
  const { listed, pastGap } = await readPoints(source);
  return pointAtTime([...listed.points, ...pastGap], time);
}

async function readPoints(source: RestoreSource): Promise<ReadPoints> {
  if (source.generations) return { listed: await source.generations.points(), pastGap: [] };
  const points: RestorePoint[] = [];
  const unreadable: DamagedPiece[] = [];
  if (source.database && source.baseFrameNo > 0n)
    points.push({ frameNo: source.baseFrameNo, time: null, segment: 'data' });
  for (const segment of sortByEnd(source.segments)) {
    if (segment.endFrameNo <= source.baseFrameNo) continue;
    // A compacted segment (and a bucket's, which holds compacted ones) stands only at its end:
    // its point is known from the listing, without reading (or downloading) it. A snapshot of
    // sqld's log is read all the same: it is on this disk, sqld merges its snapshots once they
    // hold twice the database's pages (or number over 32), and a restore refuses one whose CRC-64
    // chain breaks, which only reading it shows.
    if (!holdsEveryCommit(segment.format) && segment.format !== 'sqld-snapshot') {
      points.push({
        frameNo: segment.endFrameNo,
        time: segment.listedTimeMs !== null ? isoFromMs(segment.listedTimeMs) : null,
        segment: segment.file,
      });
      continue;
    }
    const found = await readablePoints(segment, unreadable);
    if (!found) continue;
    for (const commit of found.commits) {
      if (commit.frameNo <= source.baseFrameNo) continue;
      points.push({
        frameNo: commit.frameNo,
        time: found.timeMs !== null ? isoFromMs(found.timeMs) : null,
        segment: segment.file,
      });
    }
  }
  for (const { piece } of source.misnamed ?? []) unreadable.push(piece);
  const damagedFrom = firstDamaged(source, unreadable);
  const gap = sourceGaps(source)[0];
  if (gap && source.unreadBase) nameUnreadBase(source.unreadBase, gap, unreadable);
  points.sort((a, b) => (a.frameNo < b.frameNo ? -1 : a.frameNo > b.frameNo ? 1 : 0));
  const unique = points.filter((p, i) => i === 0 || points[i - 1]?.frameNo !== p.frameNo);
  const proven = damagedFrom === null ? unique : unique.filter((p) => p.frameNo < damagedFrom);
  const reachable = gap ? proven.filter((p) => p.frameNo < gap.fromFrameNo) : proven;
  const current = source.current ? await walPoints(source, source.current, unreadable) : [];
  const listed: PointsResult = { points: [...reachable, ...current] };
  if (unreadable.length > 0) listed.unreadable = unreadable;
  if (gap && !source.unreadBase) listed.gap = gap;
  return { listed, pastGap: proven.slice(reachable.length) };
}

/**
 * Frames after the base that no segment holds, with a segment after them, oldest first: every
 * segment counts, whatever point is asked for.
 */
export function sourceGaps(source: RestoreSource): FrameRange[] {
  const ranges = source.segments
    .filter((s) => s.endFrameNo > source.baseFrameNo)
    .sort((a, b) => (a.startFrameNo < b.startFrameNo ? -1 : a.startFrameNo > b.startFrameNo ? 1 : 0))
    .map((s) => ({ name: s.file, startFrameNo: s.startFrameNo, endFrameNo: s.endFrameNo }));
  return gapsAndOverlaps(ranges, source.baseFrameNo).gaps;
}

/**
 * The database file the segments stand on, not read (unreadBase), named with their first gap: the
 * points from it on stand on the file's pages (libsql-wal deletes a segment once it is checkpointed
 * into it). Where the segments hold every frame from 1, there is no gap: every point stands on them
 * alone, so the file is not named here (list and verify name it).
 */
function nameUnreadBase(base: UnrecognizedFile, gap: FrameRange, unreadable: DamagedPiece[]): void {
  const message = `${base.message}; no segment holds frames ${gap.fromFrameNo}..${gap.toFrameNo}, which only it held`;
  unreadable.push({ ...base, message, fromFrameNo: gap.fromFrameNo });
}

/**
 * The lowest frame from which on the log's points are not read: a named segment's start, or its
 * damage's; the first frame a misnamed piece alone claims.
 */
function firstDamaged(source: RestoreSource, named: readonly DamagedPiece[]): bigint | null {
  let first: bigint | null = null;
  const take = (frameNo: bigint | null) => {
    if (frameNo !== null && (first === null || frameNo < first)) first = frameNo;
  };
  for (const s of source.segments) {
    const from = named.find((n) => n.file === s.file);
    take(from ? (from.fromFrameNo ?? s.startFrameNo) : null);
  }
  for (const m of source.misnamed ?? []) take(m.neededFrom);
  return first;
}

/**
 * The points of a default-mode namespace's current state: its database file alone (WAL frame 0,
 * the last checkpoint) and every commit in its SQLite WAL file, after the log's points. They
 * carry SQLite's frame index, since the WAL's frames are not numbered like the log's. None where
 * either file cannot be used: that one is named in `unreadable`.
 */
async function walPoints(
  source: RestoreSource,
  current: RestoreSource,
  unreadable: DamagedPiece[],
): Promise<RestorePoint[]> {
  if (current.unusable) {
    unreadable.push(current.unusable);
    return [];
  }
  const logEnd = newestEnd(source.segments, null);
  const at = (walFrame: bigint, segment: string): RestorePoint => ({
    frameNo: logEnd ?? walFrame,
    time: null,
    segment,
    walFrame,
  });
  const points: RestorePoint[] = [];
  if (current.database && current.database.pages > 0n) points.push(at(0n, 'data'));
  for (const segment of current.segments) {
    const found = await readablePoints(segment, unreadable);
    for (const commit of found?.commits ?? []) points.push(at(commit.frameNo, segment.file));
  }
  return points;
}

/** The newest point at or before `time`; an error naming the nearest points when there is none. */
function pointAtTime(points: readonly RestorePoint[], time: string): RestorePoint {
  const limit = Date.parse(time);
  if (Number.isNaN(limit)) throw new SegscopeError('INVALID_ARGUMENT', `the time must be ISO-8601, got "${time}"`);
  const timed = points.filter((p) => p.time !== null);
  let best: RestorePoint | null = null;
  for (const p of timed) if (p.time !== null && Date.parse(p.time) <= limit) best = p;
  if (!best) {
    const first = timed[0];
    throw new SegscopeError(
      'FRAME_NOT_FOUND',
      first
        ? `no restore point is at or before ${time}; the first is frame ${first.frameNo} at ${first.time ?? '?'}`
        : 'no restore point records a time',
    );
  }
  return best;
}
