import type { FrameRange, Overlap } from '../model/results.js';
import type { SegmentKey } from '../format/segment-key.js';

/** Anything with a range and a name for messages (a listed segment's `file`, an index's `name`). */
type Ranged = Pick<SegmentKey, 'startFrameNo' | 'endFrameNo'> & ({ name: string } | { file: string });

const nameOf = (r: Ranged): string => ('name' in r ? r.name : r.file);

/** The largest end frame of `ranges`, or `start` when none is larger (null: no frame at all). */
export function newestEnd(ranges: Iterable<{ endFrameNo: bigint }>, start: bigint | null = null): bigint | null {
  let newest = start;
  for (const r of ranges) if (newest === null || r.endFrameNo > newest) newest = r.endFrameNo;
  return newest;
}

/**
 * Frames no segment covers, and pairs of segments whose ranges intersect, for segments sorted by
 * start frame. Frame numbers start at 1, so frames before the first segment are a gap too,
 * unless `base` says they are already in the database file (a sqld namespace's checkpoint).
 */
export function gapsAndOverlaps(sorted: Iterable<Ranged>, base = 0n): { gaps: FrameRange[]; overlaps: Overlap[] } {
  const gaps: FrameRange[] = [];
  const overlaps: Overlap[] = [];
  let reach = base;
  // Overlaps are between segments only: a segment inside what the database file holds overlaps
  // the file, not the segment before it, so the furthest segment is tracked apart from `reach`.
  let furthest: Ranged | null = null;
  for (const segment of sorted) {
    if (segment.startFrameNo > reach + 1n) {
      gaps.push({ fromFrameNo: reach + 1n, toFrameNo: segment.startFrameNo - 1n });
    }
    if (furthest && segment.startFrameNo <= furthest.endFrameNo) {
      overlaps.push({
        a: nameOf(furthest),
        b: nameOf(segment),
        fromFrameNo: segment.startFrameNo,
        toFrameNo: segment.endFrameNo < furthest.endFrameNo ? segment.endFrameNo : furthest.endFrameNo,
      });
    }
    if (!furthest || segment.endFrameNo > furthest.endFrameNo) furthest = segment;
    if (segment.endFrameNo > reach) reach = segment.endFrameNo;
  }
  return { gaps, overlaps };
}
