import type { TimelineModel } from './timeline-model.js';

/** The first segment whose start is at or after `offset` (binary search over the sorted starts). */
export function firstAtOrAfter(starts: Float64Array, offset: number): number {
  let lo = 0;
  let hi = starts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((starts[mid] ?? 0) < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The segment holding the frame at `offset`, or -1; the newest start wins where segments overlap. */
export function segmentAt(model: TimelineModel, offset: number): number {
  for (let i = firstAtOrAfter(model.starts, offset + 1) - 1, looked = 0; i >= 0 && looked < 64; i--, looked++) {
    if ((model.ends[i] ?? 0) > offset) return i;
  }
  return -1;
}

/** A segment a pointer names: `under` where it holds the frame, else the nearest in the pointer's lane. */
export interface LaneHit {
  at: number;
  under: boolean;
}

/** The offsets between `offset` and segment `i`'s range: 0 inside it. */
function distance(model: TimelineModel, i: number, offset: number): number {
  const start = model.starts[i] ?? 0;
  const end = model.ends[i] ?? 0;
  return offset < start ? start - offset : offset >= end ? offset - end + 1 : 0;
}

/**
 * The segment drawn at `offset` in `lane`: the one holding that frame there (the newest start
 * where the shared last lane holds several), or failing that the lane's nearest, before or after;
 * null for a lane with no segment. Segments of other lanes are never named, however they overlap.
 */
export function segmentInLane(model: TimelineModel, offset: number, lane: number): LaneHit | null {
  let before = -1;
  // Back from the last start at or before the frame, past other lanes' segments: the lane's first found
  // may not hold it where the shared lane overlaps, so up to 64 of the lane are looked at, as segmentAt does.
  for (let i = firstAtOrAfter(model.starts, offset + 1) - 1, looked = 0; i >= 0 && looked < 64; i--) {
    if (model.lanes[i] !== lane) continue;
    if (before < 0) before = i;
    if ((model.ends[i] ?? 0) > offset) return { at: i, under: true };
    looked++;
  }
  let after = -1;
  for (let i = firstAtOrAfter(model.starts, offset + 1); i < model.starts.length && after < 0; i++)
    if (model.lanes[i] === lane) after = i;
  if (before < 0 && after < 0) return null;
  const nearest =
    after < 0 || (before >= 0 && distance(model, before, offset) <= distance(model, after, offset)) ? before : after;
  return { at: nearest, under: false };
}
