import type { SegmentKey } from '../format/segment-key.js';

/** What the index orders by: a frame range and a name (the seed's key, or a listing's file). */
export interface RangeEntry {
  name: string;
  startFrameNo: bigint;
  endFrameNo: bigint;
}

export interface IndexedSegment extends SegmentKey, RangeEntry {
  /** The file name (the formatted key). */
  name: string;
}

function compare(a: RangeEntry, b: RangeEntry): number {
  if (a.startFrameNo !== b.startFrameNo) return a.startFrameNo < b.startFrameNo ? -1 : 1;
  if (a.endFrameNo !== b.endFrameNo) return a.endFrameNo < b.endFrameNo ? -1 : 1;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/**
 * The segments of one namespace sorted by start frame, answering "which segment holds frame N"
 * by binary search instead of re-reading the directory as libsql-wal's backend does. Ranges may
 * overlap (a compaction beside the segments it replaced), so a running maximum of end frames
 * tells how far back an overlapping range can reach and bounds the backward walk.
 */
export class SegmentIndex<T extends RangeEntry = IndexedSegment> {
  private entries: T[] = [];
  private maxEndUpTo: bigint[] = [];

  constructor(segments: Iterable<T> = []) {
    this.entries = [...segments].sort(compare);
    this.rebuildFrom(0);
  }

  get size(): number {
    return this.entries.length;
  }

  all(): readonly T[] {
    return this.entries;
  }

  maxFrameNo(): bigint | null {
    return this.maxEndUpTo.at(-1) ?? null;
  }

  /** Whether the index holds an entry of that range and name. */
  has(segment: RangeEntry): boolean {
    return this.entries[this.lowerBound(segment)]?.name === segment.name;
  }

  /** Adds a segment, or keeps one entry when the same name is added again. */
  add(segment: T): void {
    if (this.has(segment)) return;
    const at = this.lowerBound(segment);
    this.entries.splice(at, 0, segment);
    this.rebuildFrom(at);
  }

  /**
   * The segment holding `frameNo`; among overlapping ones, the one starting latest (the newest
   * compaction of that frame's neighbourhood).
   */
  find(frameNo: bigint): T | null {
    let i = this.lastStartingAtOrBefore(frameNo);
    while (i >= 0 && (this.maxEndUpTo[i] ?? -1n) >= frameNo) {
      const entry = this.entries[i];
      if (entry && entry.endFrameNo >= frameNo) return entry;
      i--;
    }
    return null;
  }

  private lastStartingAtOrBefore(frameNo: bigint): number {
    return this.firstWhere((entry) => entry.startFrameNo > frameNo) - 1;
  }

  private lowerBound(segment: RangeEntry): number {
    return this.firstWhere((entry) => compare(entry, segment) >= 0);
  }

  /** The first index whose entry satisfies `test`, for a test that is false and then true along the array. */
  private firstWhere(test: (entry: T) => boolean): number {
    let lo = 0;
    let hi = this.entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const entry = this.entries[mid];
      if (entry && !test(entry)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private rebuildFrom(at: number): void {
    this.maxEndUpTo.length = this.entries.length;
    let max = at > 0 ? (this.maxEndUpTo[at - 1] ?? -1n) : -1n;
    for (let i = at; i < this.entries.length; i++) {
      const end = this.entries[i]?.endFrameNo ?? -1n;
      if (end > max) max = end;
      this.maxEndUpTo[i] = max;
    }
  }
}
