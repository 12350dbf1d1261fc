import { viewOf } from './byte-fields.js';
import { u32 } from './header-fields.js';
import type { WalChecksum } from './sqlite-wal-checksum.js';
import {
  SQLITE_WAL_FRAME_HEADER,
  SQLITE_WAL_FRAME_HEADER_SIZE,
  type SqliteWalFrameInput,
  walFrameChecksum,
  writeSqliteWalFrame,
} from './sqlite-wal.js';

const FRAME = SQLITE_WAL_FRAME_HEADER.fields;

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
  private readonly view: DataView;
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
    this.frameSize = SQLITE_WAL_FRAME_HEADER_SIZE + pageSize;
    this.buffer = new Uint8Array(this.frameSize);
    this.view = viewOf(this.buffer);
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
    const view = this.view;
    const page = b.subarray(SQLITE_WAL_FRAME_HEADER_SIZE);
    const pageSize = page.length;
    const stored: WalChecksum = { s0: u32(view, FRAME.checksum1), s1: u32(view, FRAME.checksum2) };
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
      pageNo: u32(view, FRAME.pageNo),
      sizeAfter: u32(view, FRAME.commitSize),
      salts: [u32(view, FRAME.salt1), u32(view, FRAME.salt2)],
      stored,
      checksumOk: ok,
      page,
    };
    if (this.onFrame(frame) === false) this.stopped = true;
  }
}

/** Encodes frames as the writer's batch holds them (for the project's own writer and tests). */
export function encodeWalFrame(
  frame: SqliteWalFrameInput,
  previous: WalChecksum,
  order: ByteOrder = 'le',
): { bytes: Uint8Array; checksum: WalChecksum } {
  const bytes = new Uint8Array(SQLITE_WAL_FRAME_HEADER_SIZE + frame.page.length);
  const checksum = writeSqliteWalFrame(bytes, 0, frame, { previous, bigEndian: order === 'be' });
  return { bytes, checksum };
}
