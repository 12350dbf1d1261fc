import type { FrameRange } from '../api/types.js';
import type { SegmentKey } from '../format/segment-key.js';

export interface PlannedSegment extends SegmentKey {
  key: string;
  source: 'local' | 'remote';
}

export interface RestorePlan {
  segments: PlannedSegment[];
  /** The frame the restored database stands at: the end of the newest applied segment. */
  untilFrameNo: bigint;
  gaps: FrameRange[];
}

function byEndThenStart(a: SegmentKey, b: SegmentKey): number {
  if (a.endFrameNo !== b.endFrameNo) return a.endFrameNo < b.endFrameNo ? -1 : 1;
  return a.startFrameNo < b.startFrameNo ? -1 : a.startFrameNo > b.startFrameNo ? 1 : 0;
}

/**
 * Which segments a restore to `target` applies. A compacted segment keeps only each page's newest
 * version, so it cannot be cut in the middle: only segments that end at or before the target are
 * used, and the database stands at the newest of their ends. Gaps are frames from 1 up to there
 * that no chosen segment covers.
 */
export function planRestore(candidates: readonly PlannedSegment[], target: bigint): RestorePlan {
  const segments = candidates.filter((s) => s.endFrameNo <= target).sort(byEndThenStart);
  const gaps: FrameRange[] = [];
  const byStart = [...segments].sort((a, b) => (a.startFrameNo < b.startFrameNo ? -1 : a.startFrameNo > b.startFrameNo ? 1 : 0));
  let reach = 0n;
  for (const s of byStart) {
    if (s.startFrameNo > reach + 1n) gaps.push({ fromFrameNo: reach + 1n, toFrameNo: s.startFrameNo - 1n });
    if (s.endFrameNo > reach) reach = s.endFrameNo;
  }
  return { segments, untilFrameNo: segments.at(-1)?.endFrameNo ?? 0n, gaps };
}
