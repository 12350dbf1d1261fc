import type { Problem } from '../model/problem.js';
import {
  type ChecksumStatus,
  type FileFormat,
  type FrameInfo,
  type HeaderFields,
  SEGMENT_FORMATS,
  type SegmentFormat,
} from '../model/file-format.js';

/**
 * Formats that hold every commit of their range (a restore can stand at each one); the others
 * keep only each page's newest version, so only their end is a restore point.
 */
const COMMIT_FORMATS: readonly SegmentFormat[] = ['sealed', 'sealed-draft', 'sqlite-wal', 'wallog'];

export function holdsEveryCommit(format: FileFormat | null): boolean {
  return format !== null && (COMMIT_FORMATS as readonly FileFormat[]).includes(format);
}

export function isSegmentFormat(format: FileFormat): format is SegmentFormat {
  return (SEGMENT_FORMATS as readonly FileFormat[]).includes(format);
}

/** A point a restore can stand at inside a segment: a committed transaction's last frame. */
export interface CommitPoint {
  frameNo: bigint;
  /** Database size in pages after it. */
  sizeAfter: number;
  /** Frames (slots) from the file's start up to and including this commit. */
  slots: number;
}

/** What one pass over a segment file yields. */
export interface SegmentScan {
  header: HeaderFields | null;
  expectedSize: bigint | null;
  checksum: ChecksumStatus;
  problems: Problem[];
  frames: FrameInfo[];
  /** Restore points in frame order: every commit of a sealed segment, the end of a compacted one. */
  commits: CommitPoint[];
  /** When the segment was sealed or compacted, in ms since the epoch, where the format records it. */
  timeMs: bigint | null;
  /**
   * Set when every error lies in committed transactions from one on (a log whose CRC chain breaks,
   * whose frame has page 0 or a number out of sequence, whose transaction writes a page past the
   * size it commits, whose committed frames are cut off, or whose header counts frames past its last
   * commit): that transaction's first frame. The commits before it are proven, frame by frame, and
   * a restore may stand at them.
   * `unprovenFrom` is the first frame the damage reaches: the frames before it are proven too, and
   * none of those in the damaged transaction is a commit, so a frame before it stands at the last
   * commit before the transaction.
   */
  damagedFrom?: { slot: number; frameNo: bigint; unprovenFrom: bigint };
}

/**
 * The error that keeps a restore from standing on a scanned segment's first `slots` frames (null:
 * all of them); undefined when they are proven, as those before a log's damaged transaction are.
 * The first error listed is the damage found first, the one `damagedFrom` starts at.
 */
export function errorWithin(scan: SegmentScan, slots: number | null): Problem | undefined {
  if (scan.damagedFrom && slots !== null && slots <= scan.damagedFrom.slot) return undefined;
  return scan.problems.find((p) => p.severity === 'error');
}

export interface ScanOptions {
  collectFrames?: boolean;
  /**
   * Receives the frames a restore applies (those of committed transactions, up to `slotLimit`),
   * in file order. `page` is a view of the bytes read: they stay as they are until the
   * `afterChunk` that follows the call has resolved (only then is the chunk's buffer read into
   * again), so a consumer that waits there for its writes may write pages without copying them.
   */
  onPage?: (frame: FrameInfo, page: Uint8Array) => void;
  /** Deliver only the first `slotLimit` frames (a restore point inside a sealed segment). */
  slotLimit?: number;
  /**
   * Awaited after each chunk of the file, before that chunk's buffer is read into again: a
   * consumer of `onPage` that queues writes waits here for them, so a 64 MiB segment never sits
   * whole in its queue and no page is overwritten before it is written.
   */
  afterChunk?: () => Promise<void>;
  /**
   * Receives each delivered frame whose page no checksum covers (a snapshot's frame whose
   * predecessor in the log was dropped as superseded), once the file has told so: after `onPage`.
   */
  onUnproven?: (frame: { pageNo: number; frameNo: bigint }) => void;
}

/**
 * A reader of the frames one pass over a file delivers (`onPage`'s, whose bytes are lent for the
 * call only), then of the scan: what else that pass answers, so the file need not be read again.
 */
export interface ScanObserver {
  page: (frame: { frameNo: bigint; pageNo: number }, page: Uint8Array) => void;
  scanned: (scan: SegmentScan) => void;
}

/** A streaming reader-and-verifier for one format: feed the file in order, then finish. */
export interface SegmentScanner {
  push(chunk: Uint8Array): void;
  finish(): SegmentScan;
}

export function emptyChecksum(): ChecksumStatus {
  return { stored: null, computed: null, ok: null };
}
