import { crc32 } from './crc32.js';
import {
  ALPHA1_FOOTER_SIZE,
  ALPHA1_HEADER_SIZE,
  type Alpha1Header,
  alpha1ExpectedSize,
  decodeAlpha1Header,
} from './compacted-alpha1.js';
import {
  V1_FLAG_LAST_FRAME,
  V1_FRAME_SIZE,
  V1_HEADER_SIZE,
  type V1Header,
  decodeV1Header,
  readV1FrameHeader,
  v1FrameChecksum,
} from './compacted-v1.js';
import { FRAME_SIZE, PAGE_SIZE, frameAt } from './frame.js';
import { viewOf } from './byte-fields.js';
import { FramedScanner } from './framed-scanner.js';
import { LIBSQL_MAGIC } from './sealed-segment.js';
import { type ScanOptions, type SegmentScan, emptyChecksum } from './segment-scan.js';
import { isoFromMs } from './recorded-time.js';
import { hex32 } from './hex32.js';
import { type ChecksumStatus, type FrameInfo, type HeaderFields } from '../model/file-format.js';

interface CompactedHeader {
  magic: bigint;
  version: number;
  startFrameNo: bigint;
  endFrameNo: bigint;
  sizeAfter: number;
  pageSize: number;
  timestampMs: bigint;
}

/**
 * What alpha.1 and v1 share: a header of magic, version, range, size and page size; one frame
 * per page with a frame number in the range. The subclasses add their checksums.
 */
abstract class CompactedScanner<H extends CompactedHeader> extends FramedScanner<H> {
  protected frameIndex = 0;
  private readonly seenPages = new Set<number>();
  private lastPageNo = 0;

  /** `pageOrdered`: pages in ascending order, each once (alpha.1); else each once in any order. */
  constructor(
    size: bigint,
    options: ScanOptions,
    private readonly shape: { headerSize: number; frameSize: number; pageOrdered: boolean },
  ) {
    super(size, options, { size: shape.headerSize, name: 'header' });
  }

  protected abstract decode(bytes: Uint8Array): H;
  protected abstract fields(header: H): HeaderFields;
  /** Frames the header promises, or null when only the file size tells. */
  protected abstract expectedFrames(header: H): number;
  protected abstract expectedSize(header: H): bigint;
  protected abstract checkHeader(bytes: Uint8Array, header: H): void;
  /** Checks one frame's own bytes and returns its page, frame number and size_after. */
  protected abstract onFrame(piece: Uint8Array, index: number): FrameInfo;
  protected abstract finishChecks(header: H): ChecksumStatus;
  /** The bytes after the frames (alpha.1's footer); 0 when there are none. */
  protected abstract readonly trailerSize: number;
  protected abstract onTrailer(piece: Uint8Array): void;

  protected onHeader(bytes: Uint8Array): number {
    const h = this.decode(bytes);
    this.header = h;
    if (h.magic !== LIBSQL_MAGIC) this.log.add('BAD_MAGIC', `the magic is 0x${h.magic.toString(16)}, not LIBSQL_MAGIC`);
    if (h.version !== 1) this.log.add('BAD_VERSION', `header version ${h.version}; libsql-wal only reads version 1`);
    if (h.pageSize !== PAGE_SIZE) {
      this.log.add('BAD_PAGE_SIZE', `page size ${h.pageSize}; libsql-wal only reads ${PAGE_SIZE}-byte pages`);
      return 0;
    }
    if (h.startFrameNo > h.endFrameNo) {
      this.log.add(
        'FRAME_OUT_OF_RANGE',
        `the header's start frame ${h.startFrameNo} is after its end frame ${h.endFrameNo}`,
      );
    }
    this.checkHeader(bytes, h);
    return this.nextPiece(h);
  }

  private nextPiece(h: H): number {
    if (this.frameIndex < this.expectedFrames(h)) return this.shape.frameSize;
    return this.trailerSize;
  }

  protected override onPiece(piece: Uint8Array): number {
    const h = this.header;
    if (!h) return 0;
    if (this.frameIndex >= this.expectedFrames(h)) {
      this.onTrailer(piece);
      return 0;
    }
    const index = this.frameIndex++;
    const frame = this.onFrame(piece, index);
    this.checkFrame(frame, h);
    if (this.options.collectFrames) this.frames.push(frame);
    this.options.onPage?.(frame, piece.subarray(piece.length - PAGE_SIZE));
    return this.nextPiece(h);
  }

  private checkFrame(frame: FrameInfo, h: H): void {
    if (frame.pageNo === 0)
      this.log.add('FRAME_ORDER', `frame ${frame.index} holds page 0; SQLite pages are numbered from 1`);
    if (this.shape.pageOrdered && frame.pageNo <= this.lastPageNo) {
      this.log.add(
        'FRAME_ORDER',
        `frame ${frame.index} holds page ${frame.pageNo} after page ${this.lastPageNo}: pages must appear once ` +
          `each, in ascending order`,
      );
    } else if (this.seenPages.has(frame.pageNo)) {
      this.log.add(
        'FRAME_ORDER',
        `page ${frame.pageNo} appears twice; a compacted segment keeps one version of each page`,
      );
    }
    this.seenPages.add(frame.pageNo);
    this.lastPageNo = Math.max(this.lastPageNo, frame.pageNo);
    if (frame.frameNo < h.startFrameNo || frame.frameNo > h.endFrameNo) {
      this.log.add(
        'FRAME_OUT_OF_RANGE',
        `frame ${frame.index} has frame number ${frame.frameNo}, outside the header's ` +
          `range ${h.startFrameNo}..${h.endFrameNo}`,
      );
    }
  }

  protected result(h: H): SegmentScan {
    const expectedSize = this.expectedSize(h);
    if (!this.log.has('BAD_PAGE_SIZE')) {
      if (this.size < expectedSize) {
        const cut =
          this.reader.partial > 0 ? `; frame ${this.frameIndex} is cut off after ${this.reader.partial} bytes` : '';
        this.log.add(
          'TRUNCATED_SEGMENT',
          `the file is ${this.size} bytes but its header implies ${expectedSize}${cut}`,
        );
      } else if (this.size > expectedSize) {
        this.log.add(
          'TRAILING_DATA',
          `the file is ${this.size} bytes, ${this.size - expectedSize} more than its header implies`,
        );
      }
    }
    const checksum = this.finishChecks(h);
    const fields = this.fields(h);
    return {
      header: fields,
      expectedSize,
      checksum,
      problems: this.log.list(),
      frames: this.frames,
      commits: [{ frameNo: h.endFrameNo, sizeAfter: h.sizeAfter, slots: this.frameIndex }],
      timeMs: h.timestampMs,
    };
  }
}

/** alpha.1: 4112-byte frames and a CRC-32 footer over everything before it. */
export class Alpha1Scanner extends CompactedScanner<Alpha1Header> {
  protected readonly trailerSize = ALPHA1_FOOTER_SIZE;
  private crc = 0;
  private footer: number | null = null;
  private sizeAfterSeen = false;

  constructor(size: bigint, options: ScanOptions = {}) {
    super(size, options, { headerSize: ALPHA1_HEADER_SIZE, frameSize: FRAME_SIZE, pageOrdered: true });
  }

  protected decode(bytes: Uint8Array): Alpha1Header {
    return decodeAlpha1Header(bytes);
  }

  protected fields(h: Alpha1Header): HeaderFields {
    return {
      frameCount: BigInt(h.frameCount),
      segmentId: h.segmentId,
      startFrameNo: h.startFrameNo,
      endFrameNo: h.endFrameNo,
      magic: `0x${h.magic.toString(16)}`,
      version: h.version,
      sizeAfter: h.sizeAfter,
      pageSize: h.pageSize,
      timestamp: isoFromMs(h.timestampMs),
      timestampMs: h.timestampMs,
    };
  }

  protected expectedFrames(h: Alpha1Header): number {
    return h.frameCount;
  }

  protected expectedSize(h: Alpha1Header): bigint {
    return alpha1ExpectedSize(h.frameCount);
  }

  protected checkHeader(bytes: Uint8Array): void {
    this.crc = crc32(bytes);
  }

  protected onFrame(piece: Uint8Array, index: number): FrameInfo {
    this.crc = crc32(piece, this.crc);
    const frame = frameAt(piece, 0, index);
    if (frame.sizeAfter !== 0) this.sizeAfterSeen = true;
    return frame;
  }

  protected onTrailer(piece: Uint8Array): void {
    this.footer = viewOf(piece).getUint32(0, true);
  }

  protected finishChecks(): ChecksumStatus {
    if (this.sizeAfterSeen) {
      this.log.warn(
        'FRAME_ORDER',
        'some frames carry a database size; alpha.1 compaction writes 0 in every frame (the header holds the size)',
      );
    }
    if (this.footer === null) return emptyChecksum();
    const computed = this.crc >>> 0;
    const ok = computed === this.footer;
    if (!ok) {
      this.log.add(
        'CHECKSUM_MISMATCH',
        `the footer's CRC-32 is ${hex32(this.footer)} but the bytes hash to ${hex32(computed)}: the segment ` +
          `was altered or damaged`,
      );
    }
    return { stored: this.footer, computed, ok };
  }
}

/** v1: 4116-byte frames whose checksums chain from the header's CRC-32; no footer. */
export class V1Scanner extends CompactedScanner<V1Header> {
  protected readonly trailerSize = 0;
  private chain = 0;
  private brokenAt: number | null = null;
  private lastStored: number | null = null;
  private lastComputed: number | null = null;
  private lastFlagAt: number | null = null;
  private readonly frameCount: number;

  constructor(size: bigint, options: ScanOptions = {}) {
    super(size, options, { headerSize: V1_HEADER_SIZE, frameSize: V1_FRAME_SIZE, pageOrdered: false });
    // v1 records no frame count: the file's size is the only witness.
    this.frameCount =
      size > BigInt(V1_HEADER_SIZE)
        ? Number((size - BigInt(V1_HEADER_SIZE) + BigInt(V1_FRAME_SIZE) - 1n) / BigInt(V1_FRAME_SIZE))
        : 0;
  }

  protected decode(bytes: Uint8Array): V1Header {
    return decodeV1Header(bytes);
  }

  protected fields(h: V1Header): HeaderFields {
    return {
      frameCount: BigInt(this.frameIndex),
      segmentId: h.logId,
      startFrameNo: h.startFrameNo,
      endFrameNo: h.endFrameNo,
      magic: `0x${h.magic.toString(16)}`,
      version: h.version,
      logId: h.logId,
      sizeAfter: h.sizeAfter,
      pageSize: h.pageSize,
      timestamp: isoFromMs(h.timestampMs),
      timestampMs: h.timestampMs,
      lastFrameFlag: this.lastFlagAt !== null,
    };
  }

  protected expectedFrames(): number {
    return this.frameCount;
  }

  protected expectedSize(): bigint {
    return BigInt(V1_HEADER_SIZE) + BigInt(V1_FRAME_SIZE) * BigInt(this.frameCount);
  }

  protected checkHeader(bytes: Uint8Array): void {
    this.chain = crc32(bytes);
  }

  protected onFrame(piece: Uint8Array, index: number): FrameInfo {
    const frame = readV1FrameHeader(viewOf(piece), 0);
    const computed = v1FrameChecksum(this.chain, piece);
    if (computed !== frame.checksum && this.brokenAt === null) {
      this.brokenAt = index;
      this.log.add(
        'CHAIN_BROKEN',
        `the checksum chain breaks at frame ${index} (page ${frame.pageNo}): the segment was altered or damaged`,
      );
    }
    // Later frames are checked against what is stored, so one damaged frame is reported once.
    this.chain = frame.checksum;
    this.lastStored = frame.checksum;
    this.lastComputed = computed;
    if (frame.flags & V1_FLAG_LAST_FRAME) {
      if (this.lastFlagAt !== null)
        this.log.add('FRAME_ORDER', `frames ${this.lastFlagAt} and ${index} both carry the LAST flag`);
      this.lastFlagAt = index;
    }
    return { index, pageNo: frame.pageNo, sizeAfter: 0, frameNo: frame.frameNo };
  }

  protected onTrailer(): void {
    // v1 has no footer: nothing follows the frames.
  }

  protected finishChecks(): ChecksumStatus {
    const count = this.frameIndex;
    if (count > 0 && this.lastFlagAt === null) {
      this.log.warn(
        'MISSING_COMMIT_FRAME',
        'no frame carries the LAST flag: the wal-toolkit writes it so for a partial range; a segment compacted ' +
          'from one sealed segment has it on its last frame',
      );
    } else if (this.lastFlagAt !== null && this.lastFlagAt !== count - 1) {
      this.log.add(
        'FRAME_ORDER',
        `frame ${this.lastFlagAt} carries the LAST flag but ${count - 1 - this.lastFlagAt} frames follow it`,
      );
    }
    return {
      stored: this.lastStored,
      computed: this.lastComputed,
      ok: count > 0 ? this.brokenAt === null : null,
      brokenAtFrame: this.brokenAt,
    };
  }
}
