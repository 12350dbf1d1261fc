import type { FrameRange } from '../model/results.js';
import type { Problem } from '../model/problem.js';
import { SegscopeError } from '../errors.js';
import { holdsEveryCommit } from '../format/segment-scan.js';
import { inWalFrames, segmentPoints, sourceGaps } from './points.js';
import { misnamedHolder } from '../inspect/log-chain.js';
import type { RestoreSource, SourceSegment, StoppedWords } from './restore-contract.js';

/** One segment as a restore applies it: all of it, or its frames up to a commit inside it. */
export interface PlannedSegment {
  segment: SourceSegment;
  /** The frame the segment brings the database to (its end, or the commit it is cut at). */
  untilFrameNo: bigint;
  /** Frames (slots) to apply; null for all. */
  slotLimit: number | null;
  /** Database size in pages after it, when already known (a sealed segment's commit). */
  sizeAfter: number | null;
}

export interface RestorePlan {
  segments: PlannedSegment[];
  /** The point the restored database stands at. */
  untilFrameNo: bigint;
  gaps: FrameRange[];
}

/**
 * Sealed segments can be cut at any commit; compacted ones keep only each page's newest version.
 * A log damaged from one transaction on is cut before it, and refuses a target at or past the
 * first frame the damage reaches (a target before it, inside that transaction, stands at the
 * commit before the transaction, as any target between two commits stands at the first).
 */
async function cut(segment: SourceSegment, target: bigint, words: StoppedWords): Promise<PlannedSegment | null> {
  const { commits, damage } = await segmentPoints(segment);
  if (damage && target >= damage.unprovenFrom)
    throw damageRefusal(segment, damage.problem, { unprovenFrom: damage.unprovenFrom, words });
  let chosen = null;
  for (const commit of commits) if (commit.frameNo <= target) chosen = commit;
  if (!chosen) return null;
  return { segment, untilFrameNo: chosen.frameNo, slotLimit: chosen.slots, sizeAfter: chosen.sizeAfter };
}

/**
 * Which segments a restore to `target` applies and how far. A sealed segment is cut at its last
 * commit at or before the target (and an unsealed one at its last recovered commit); a compacted
 * segment is applied whole or not at all. Gaps are frames after the base and at or before the
 * target that no segment covers, with a segment after them.
 */
export async function planRestore(source: RestoreSource, target: bigint, words: StoppedWords): Promise<RestorePlan> {
  const planned: PlannedSegment[] = [];
  for (const segment of source.segments) {
    if (segment.endFrameNo <= source.baseFrameNo || segment.startFrameNo > target) continue;
    // A sealed segment wholly before the target is applied whole; only one the target falls
    // inside, or one never sealed, needs its commits read first.
    const cuttable = holdsEveryCommit(segment.format) && (!segment.sealed || segment.endFrameNo > target);
    if (cuttable) {
      const part = await cut(segment, target, words);
      if (part) planned.push(part);
    } else if (segment.endFrameNo <= target) {
      planned.push({ segment, untilFrameNo: segment.endFrameNo, slotLimit: null, sizeAfter: null });
    }
  }
  planned.sort((a, b) =>
    a.untilFrameNo !== b.untilFrameNo
      ? a.untilFrameNo < b.untilFrameNo
        ? -1
        : 1
      : a.segment.startFrameNo < b.segment.startFrameNo
        ? -1
        : 1,
  );
  // Every segment counts, those past the target too: one that starts after a gap shows frames
  // existed there, so a commit at or before the target may be among those missing.
  const gaps = sourceGaps(source).filter((g) => g.fromFrameNo <= target);
  const untilFrameNo = planned.at(-1)?.untilFrameNo ?? source.baseFrameNo;
  return { segments: planned, untilFrameNo, gaps };
}

/**
 * The plan cut before its first gap (what --allow-gaps restores): only the segments wholly before
 * it, since a segment after it would land on a database that lacks the missing frames.
 */
export function beforeGap(plan: RestorePlan, baseFrameNo: bigint): RestorePlan {
  const gap = plan.gaps[0];
  if (!gap) return plan;
  const segments = plan.segments.filter((p) => p.untilFrameNo < gap.fromFrameNo);
  return { segments, untilFrameNo: segments.at(-1)?.untilFrameNo ?? baseFrameNo, gaps: plan.gaps };
}

/**
 * A restore the segments cannot make alone where the database file they stand on is not read
 * (unreadBase): one with a gap before `target` (whose frames that file held), or with no segment at
 * all, is refused with the file's own code; --allow-gaps still restores up to a gap that has a
 * segment before it. Null where the segments stand alone or the file is read.
 */
export function unreadBaseRefusal(
  source: RestoreSource,
  plan: RestorePlan,
  { allowGaps, target, words }: { allowGaps: boolean; target: bigint; words: StoppedWords },
): SegscopeError | null {
  const base = source.unreadBase;
  if (!base) return null;
  const gap = plan.gaps[0];
  if (gap ? allowGaps && beforeGap(plan, source.baseFrameNo).segments.length > 0 : source.segments.length > 0)
    return null;
  const missing = gap ? `no segment holds frames ${gap.fromFrameNo}..${gap.toFrameNo}` : 'there is no segment';
  return new SegscopeError(
    base.code,
    `${base.message}; ${missing}, so the database as of frame ${target} stands on its pages: ${words.stopped} ` +
      '(points lists those the segments hold alone)',
  );
}

/** Frames no segment holds, with the piece that holds them by its header only, where there is one. */
function inNoSegment(gap: FrameRange, source: RestoreSource): string {
  const holder = misnamedHolder(gap, source.misnamed ?? [], source.unnamed ?? []);
  return `frames ${gap.fromFrameNo}..${gap.toFrameNo} are in no segment${holder === null ? '' : ` (${holder})`}`;
}

export function chainGapError(gap: FrameRange, target: bigint, source: RestoreSource): SegscopeError {
  return new SegscopeError(
    'CHAIN_GAP',
    `${inNoSegment(gap, source)}, so the database as of frame ${target} cannot be rebuilt; --allow-gaps ` +
      'rebuilds it up to the gap instead',
  );
}

/** What a restore that --allow-gaps stopped before a gap says it stopped before. */
export function stoppedBeforeGap(gap: FrameRange, untilFrameNo: bigint, source: RestoreSource): string {
  return `${inNoSegment(gap, source)}: restored up to frame ${untilFrameNo}, the last point before them`;
}

/**
 * A restore refused by a segment's damage. A log damaged from one transaction on says that a
 * restore stands on it before `unprovenFrom`, the first frame the damage reaches.
 */
export function damageRefusal(
  segment: SourceSegment,
  problem: Problem,
  { unprovenFrom, words }: { unprovenFrom: bigint | undefined; words: StoppedWords },
): SegscopeError {
  const from = inWalFrames(segment) ? `wal:${unprovenFrom}` : `frame ${unprovenFrom}`;
  const before =
    unprovenFrom === undefined ? '' : `; a restore stands on it only before ${from}, the first frame it does not prove`;
  const message = `${segment.describedAs ?? segment.file}: ${problem.message}${before}; ${words.stopped}`;
  return new SegscopeError(problem.code, message);
}

/**
 * A commit size past every page a history holds: the file would be extended (sparse, up to 16 TiB)
 * with pages no transaction wrote, and SQLite's quick_check never reads past the size the
 * database's own header gives, so only this catches it. `base`, where given, is the other
 * possible cause: what the pages held so far were taken from (a bottomless `.dep`).
 */
export function sizePastPages(
  where: string,
  sizeAfter: number,
  highest: number,
  { base, words }: { base: string | null; words: StoppedWords },
): SegscopeError {
  const cause = base === null ? 'the commit size is damaged' : `the commit size is damaged, or ${base} wrongly`;
  return new SegscopeError(
    'BAD_SIZE',
    `${where} leaves the database at ${sizeAfter} pages, yet nothing before it (no frame, no database file, no ` +
      `snapshot) holds a page past ${highest}: ${cause}; ${words.stopped} ` +
      `(${words.earlier})`,
  );
}
