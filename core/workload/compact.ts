import { randomUUID } from 'node:crypto';
import type { Frame } from '../format/frame.js';
import { encodeV0Segment } from '../format/segment-v0.js';

/** A frame as libsql-wal numbers it: its place in the log, from 1. */
export interface LogFrame {
  frameNo: bigint;
  pageNo: number;
  /** Database size in pages after the commit this frame ends; 0 otherwise. */
  sizeAfter: number;
  page: Uint8Array;
}

/**
 * Compacts a run of log frames ending on a commit into a v0 segment (docs/formats/libsql-wal.md): each page's
 * newest version, in ascending page order; the run's last frame, the commit, carries the size.
 */
export function compactSegment(
  frames: readonly LogFrame[],
  options: { segmentId?: string; startFrameNo?: bigint } = {},
): { bytes: Uint8Array; startFrameNo: bigint; endFrameNo: bigint } {
  const first = frames[0];
  const last = frames.at(-1);
  if (!first || !last || last.sizeAfter === 0)
    throw new RangeError('a segment is a non-empty run of frames ending on a commit');
  // Re-compacting compacted segments: their range starts before the oldest page version kept.
  const startFrameNo = options.startFrameNo ?? first.frameNo;
  const newest = new Map<number, LogFrame>();
  for (const frame of frames) newest.set(frame.pageNo, frame);
  const compacted: Frame[] = [...newest.values()]
    .sort((a, b) => a.pageNo - b.pageNo)
    .map((f) => ({
      pageNo: f.pageNo,
      frameNo: f.frameNo,
      sizeAfter: f.frameNo === last.frameNo ? last.sizeAfter : 0,
      page: f.page,
    }));
  const bytes = encodeV0Segment({
    segmentId: options.segmentId ?? randomUUID(),
    startFrameNo,
    endFrameNo: last.frameNo,
    frames: compacted,
  });
  return { bytes, startFrameNo, endFrameNo: last.frameNo };
}
