import { PAGE_SIZE } from './frame.js';
import { FramedScanner } from './framed-scanner.js';
import { LIBSQL_MAGIC } from './sealed-segment.js';
import { type ScanOptions, type SegmentScan } from './segment-scan.js';
import { type ChecksumStatus, type FrameInfo, type HeaderFields, type HeaderValue } from '../model/file-format.js';
import { isoFromMs } from './recorded-time.js';

/** The header fields both compacted formats carry. */
export interface CompactedHeader {
  magic: bigint;
  version: number;
  startFrameNo: bigint;
  endFrameNo: bigint;
  sizeAfter: number;
  pageSize: number;
  timestampMs: bigint;
}

/**
 * The header fields both compacted formats show, in the order inspect lists them: the range,
 * magic and version (after the format's count and id), then, after what only v1 has there, the
 * size, page size and time.
 */
export function rangeFields(h: CompactedHeader): {
  startFrameNo: bigint;
  endFrameNo: bigint;
  magic: string;
  version: number;
} {
  return {
    startFrameNo: h.startFrameNo,
    endFrameNo: h.endFrameNo,
    magic: `0x${h.magic.toString(16)}`,
    version: h.version,
  };
}

export function sizeAndTimeFields(h: CompactedHeader): Record<string, HeaderValue> {
  return {
    sizeAfter: h.sizeAfter,
    pageSize: h.pageSize,
    timestamp: isoFromMs(h.timestampMs),
    timestampMs: h.timestampMs,
  };
}

/**
 * What alpha.1 and v1 share: a header of magic, version, range, size and page size; one frame
 * per page with a frame number in the range. The subclasses add their checksums.
 */
export abstract class CompactedScanner<H extends CompactedHeader> extends FramedScanner<H> {
  protected frameIndex = 0;
  private readonly seenPages = new Set<number>();
  private lastPageNo = 0;

  /** `pageOrdered`: pages in ascending order, each once (alpha.1); else each once in any order. */
  constructor(
    size: bigint,
    options: ScanOptions,
    private readonly shape: {
      headerSize: number;
      frameSize: number;
      pageOrdered: boolean;
      decode: (bytes: Uint8Array) => H;
    },
  ) {
    super(size, options, { size: shape.headerSize, name: 'header' });
  }

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
    const h = this.shape.decode(bytes);
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
