import { type WalChecksum, walFrameChecksum } from './sqlite-wal-checksum.js';

/** A SQLite WAL frame header is 24 bytes, big-endian: page, size after commit, two salts, two checksums. */
export const WAL_FRAME_HEADER_SIZE = 24;

export interface WalFrame {
  frameNo: number;
  pageNo: number;
  /** Database size in pages after the commit this frame ends; 0 when it ends none. */
  sizeAfter: number;
  salts: [number, number];
  stored: WalChecksum;
  /** Whether the stored checksum follows from the frame before (or the generation's `.meta`). */
  checksumOk: boolean;
  /** Valid only during the callback. */
  page: Uint8Array;
}

/** How the chain was summed: SQLite's writers on little-endian machines sum little-endian words. */
export type ByteOrder = 'le' | 'be';

export interface BatchReadState {
  /** The sums the next frame continues from: `.meta`'s pair at frame 1, then each frame's own. */
  checksum: WalChecksum;
  /** Unknown until the generation's first frame tells which order its checksums follow. */
  order: ByteOrder | null;
}

export interface BatchSummary {
  frames: number;
  /** Bytes at the end too few for a frame (the writer's reader ignores them). */
  trailingBytes: number;
  /** The first frame whose checksum does not follow, or null. */
  brokenAtFrame: number | null;
}

/**
 * Reads one decompressed batch object as WAL frames numbered from `firstFrameNo`, each checked
 * against the chain in `state` (which it advances, so the next batch continues it). A frame whose
 * checksum breaks is still delivered, marked; after a break the chain continues from the stored
 * sums, so one damaged frame is reported once. `onFrame` returning false stops the read.
 */
export class BatchFrameReader {
  private readonly frameSize: number;
  private readonly buffer: Uint8Array;
  private filled = 0;
  private frameNo: number;
  private stopped = false;
  readonly summary: BatchSummary = { frames: 0, trailingBytes: 0, brokenAtFrame: null };

  constructor(
    firstFrameNo: number,
    pageSize: number,
    private readonly state: BatchReadState,
    private readonly onFrame: (frame: WalFrame) => unknown,
  ) {
    this.frameSize = WAL_FRAME_HEADER_SIZE + pageSize;
    this.buffer = new Uint8Array(this.frameSize);
    this.frameNo = firstFrameNo;
  }

  get done(): boolean {
    return this.stopped;
  }

  push(chunk: Uint8Array): void {
    let at = 0;
    while (at < chunk.length && !this.stopped) {
      const take = Math.min(this.frameSize - this.filled, chunk.length - at);
      this.buffer.set(chunk.subarray(at, at + take), this.filled);
      this.filled += take;
      at += take;
      if (this.filled === this.frameSize) {
        this.filled = 0;
        this.frame();
      }
    }
  }

  finish(): BatchSummary {
    if (!this.stopped) this.summary.trailingBytes = this.filled;
    return this.summary;
  }

  private frame(): void {
    const b = this.buffer;
    const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
    const page = b.subarray(WAL_FRAME_HEADER_SIZE);
    const pageSize = page.length;
    const stored: WalChecksum = { s0: view.getUint32(16), s1: view.getUint32(20) };
    const order = this.state.order ?? 'le';
    let sums = walFrameChecksum(b, 0, pageSize, order === 'be', this.state.checksum);
    let ok = sums.s0 === stored.s0 && sums.s1 === stored.s1;
    if (this.state.order === null) {
      // The WAL's magic is not in the bucket: a big-endian writer's chain is known by its first frame.
      if (!ok) {
        const be = walFrameChecksum(b, 0, pageSize, true, this.state.checksum);
        if (be.s0 === stored.s0 && be.s1 === stored.s1) [sums, ok, this.state.order] = [be, true, 'be'];
      }
      if (ok && this.state.order === null) this.state.order = 'le';
    }
    if (!ok && this.summary.brokenAtFrame === null) this.summary.brokenAtFrame = this.frameNo;
    this.state.checksum = ok ? sums : stored;
    this.summary.frames++;
    const frame: WalFrame = {
      frameNo: this.frameNo++,
      pageNo: view.getUint32(0),
      sizeAfter: view.getUint32(4),
      salts: [view.getUint32(8), view.getUint32(12)],
      stored,
      checksumOk: ok,
      page,
    };
    if (this.onFrame(frame) === false) this.stopped = true;
  }
}

/** Encodes frames as the writer's batch holds them (for the project's own writer and tests). */
export function encodeWalFrame(
  frame: { pageNo: number; sizeAfter: number; salts: readonly [number, number]; page: Uint8Array },
  previous: WalChecksum,
  order: ByteOrder = 'le',
): { bytes: Uint8Array; checksum: WalChecksum } {
  const bytes = new Uint8Array(WAL_FRAME_HEADER_SIZE + frame.page.length);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, frame.pageNo);
  view.setUint32(4, frame.sizeAfter);
  view.setUint32(8, frame.salts[0]);
  view.setUint32(12, frame.salts[1]);
  bytes.set(frame.page, WAL_FRAME_HEADER_SIZE);
  const checksum = walFrameChecksum(bytes, 0, frame.page.length, order === 'be', previous);
  view.setUint32(16, checksum.s0);
  view.setUint32(20, checksum.s1);
  return { bytes, checksum };
}
