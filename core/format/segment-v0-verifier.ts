import { crc32 } from './crc32.js';
import { FRAME_HEADER_SIZE, FRAME_SIZE } from './frame.js';
import { u32le, u64le, u64leExact, viewOf } from './byte-fields.js';
import { hex32 } from './hex32.js';
import { type ChecksumStatus, type FrameInfo } from '../model/file-format.js';
import { ProblemLog } from './problem.js';
import { type Problem } from '../model/problem.js';
import { V0_FOOTER_SIZE, V0_HEADER_SIZE, type V0Header, decodeV0Header, v0ExpectedSize } from './segment-v0.js';

export interface V0Verification {
  header: V0Header | null;
  expectedSize: bigint | null;
  actualSize: bigint;
  checksum: ChecksumStatus;
  problems: Problem[];
  /** Only when asked for: every frame header, in file order. */
  frames: FrameInfo[] | null;
}

/**
 * Checks a v0 segment as its bytes stream past, so a 1 GiB segment is verified in one pass at
 * the speed of CRC-32 without being held in memory. Feed the file's bytes in order with push(),
 * then call finish(). The caller passes the file's size up front (from stat) so the checksum
 * range is known before the end arrives.
 */
export class V0Verifier {
  private readonly actualSize: bigint;
  private readonly collectFrames: boolean;
  private readonly log = new ProblemLog();
  private readonly headerBytes = new Uint8Array(V0_HEADER_SIZE);
  private readonly frameHeaderBytes = new Uint8Array(FRAME_HEADER_SIZE);
  private readonly footerBytes = new Uint8Array(V0_FOOTER_SIZE);
  private readonly frames: FrameInfo[] = [];
  private pos = 0;
  private header: V0Header | null = null;
  /** End of the checksummed body, known once the header is; -1 while unknown or not checkable. */
  private bodyEnd = -1;
  private crc = 0;
  private frameIndex = 0;
  private frameFill = 0;
  private footerFill = 0;
  private lastPageNo = 0;
  private commitFrameSeen = false;
  /** The header's range as doubles where they are exact (below 2^53), for the per-frame checks. */
  private startNum: number | null = null;
  private endNum: number | null = null;

  constructor(actualSize: bigint, options: { collectFrames?: boolean } = {}) {
    this.actualSize = actualSize;
    this.collectFrames = options.collectFrames ?? false;
  }

  push(chunk: Uint8Array): void {
    const start = this.pos;
    const end = start + chunk.length;
    if (start < V0_HEADER_SIZE) {
      const n = Math.min(V0_HEADER_SIZE, end) - start;
      this.headerBytes.set(chunk.subarray(0, n), start);
      if (start + n === V0_HEADER_SIZE) this.onHeader();
    }
    // The header's bytes were hashed when it completed; hash only what lies past it.
    const hashFrom = Math.max(start, V0_HEADER_SIZE);
    const hashTo = Math.min(end, this.bodyEnd);
    if (hashFrom < hashTo) this.crc = crc32(chunk.subarray(hashFrom - start, hashTo - start), this.crc);
    if (this.header) {
      this.scanFrames(chunk, start, end);
      this.copyFooter(chunk, start, end);
    }
    this.pos = end;
  }

  finish(): V0Verification {
    const actual = this.actualSize;
    const expectedSize = this.header ? v0ExpectedSize(this.header.frameCount) : null;
    const checksum: ChecksumStatus = { stored: null, computed: null, ok: null };
    if (actual === 0n) {
      this.log.add('NOT_A_SEGMENT', 'the file is empty');
    } else if (!this.header) {
      this.log.add(
        'TRUNCATED_SEGMENT',
        `the file is ${actual} bytes, shorter than the ${V0_HEADER_SIZE}-byte segment header`,
      );
    } else if (expectedSize !== null) {
      if (actual < expectedSize) {
        const framesPresent = (actual - BigInt(V0_HEADER_SIZE)) / BigInt(FRAME_SIZE);
        this.log.add(
          'TRUNCATED_SEGMENT',
          `the file is ${actual} bytes but its header's ${this.header.frameCount} frames need ${expectedSize}: ` +
            `${expectedSize - actual} bytes are missing (${framesPresent} whole frames present)`,
        );
      } else {
        if (actual > expectedSize) {
          this.log.add(
            'TRAILING_DATA',
            `the file is ${actual} bytes, ${actual - expectedSize} more than its ` +
              `header's ${this.header.frameCount} frames need`,
          );
        }
        checksum.stored = viewOf(this.footerBytes).getUint32(0, true);
        checksum.computed = this.crc >>> 0;
        checksum.ok = checksum.stored === checksum.computed;
        if (!checksum.ok) {
          this.log.add(
            'CHECKSUM_MISMATCH',
            `the stored CRC-32 is ${hex32(checksum.stored)} but the bytes hash to ${hex32(checksum.computed)}: ` +
              'the segment was altered or damaged after it was written',
          );
        }
        if (!this.commitFrameSeen) {
          // A's writer can leave a commit without its frame: a warning.
          this.log.warn(
            'MISSING_COMMIT_FRAME',
            `no frame has frame number ${this.header.endFrameNo} (the header's end frame) with a non-zero ` +
              `database size`,
          );
        }
      }
    }
    return {
      header: this.header,
      expectedSize,
      actualSize: actual,
      checksum,
      problems: this.log.list(),
      frames: this.collectFrames ? this.frames : null,
    };
  }

  private onHeader(): void {
    const header = decodeV0Header(this.headerBytes);
    this.header = header;
    const exact = (n: bigint) => (n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : null);
    this.startNum = exact(header.startFrameNo);
    this.endNum = exact(header.endFrameNo);
    const expected = v0ExpectedSize(header.frameCount);
    if (this.actualSize >= expected) {
      this.bodyEnd = Number(expected) - V0_FOOTER_SIZE;
      this.crc = crc32(this.headerBytes);
    }
    if (header.startFrameNo > header.endFrameNo) {
      this.log.add(
        'FRAME_OUT_OF_RANGE',
        `the header's start frame ${header.startFrameNo} is after its end frame ${header.endFrameNo}`,
      );
    } else if (header.frameCount > header.endFrameNo - header.startFrameNo + 1n) {
      this.log.add(
        'FRAME_OUT_OF_RANGE',
        `the header claims ${header.frameCount} frames but frames ${header.startFrameNo}..${header.endFrameNo} ` +
          `are only ${header.endFrameNo - header.startFrameNo + 1n}`,
      );
    }
  }

  /**
   * The hot path: a quarter of a million frames a GiB. A frame header that lies inside the chunk
   * is read where it is, frame numbers as doubles while they are exact; only one cut by a chunk
   * boundary is gathered first, and a bigint is made only for a problem or a collected frame.
   */
  private scanFrames(chunk: Uint8Array, chunkStart: number, chunkEnd: number): void {
    const header = this.header;
    if (!header) return;
    const frameCount = header.frameCount;
    while (BigInt(this.frameIndex) < frameCount) {
      const frameHeaderAt = V0_HEADER_SIZE + this.frameIndex * FRAME_SIZE + this.frameFill;
      if (frameHeaderAt >= chunkEnd) return;
      const from = frameHeaderAt - chunkStart;
      if (this.frameFill === 0 && frameHeaderAt + FRAME_HEADER_SIZE <= chunkEnd) {
        this.onFrame(chunk, from, header);
        this.frameIndex++;
        continue;
      }
      const n = Math.min(FRAME_HEADER_SIZE - this.frameFill, chunkEnd - frameHeaderAt);
      this.frameHeaderBytes.set(chunk.subarray(from, from + n), this.frameFill);
      this.frameFill += n;
      if (this.frameFill < FRAME_HEADER_SIZE) return;
      this.frameFill = 0;
      this.onFrame(this.frameHeaderBytes, 0, header);
      this.frameIndex++;
    }
  }

  /** The frame header at `at` in `bytes` (page u32, size after u32, frame number u64). */
  private onFrame(bytes: Uint8Array, at: number, header: V0Header): void {
    const index = this.frameIndex;
    const pageNo = u32le(bytes, at);
    const sizeAfter = u32le(bytes, at + 4);
    // Exact below 2^53; past that (never in practice) the bigint is compared instead.
    const frameNum = u64leExact(bytes, at + 8);
    const frameNo = () => u64le(bytes, at + 8);
    if (this.collectFrames) this.frames.push({ index, pageNo, sizeAfter, frameNo: frameNo() });
    if (pageNo === 0) {
      this.log.add('FRAME_ORDER', `frame ${index} has page number 0; SQLite pages are numbered from 1`);
    } else if (pageNo <= this.lastPageNo) {
      this.log.add(
        'FRAME_ORDER',
        `frame ${index} holds page ${pageNo} after page ${this.lastPageNo}: ` +
          'pages must appear once each, in ascending order',
      );
    }
    if (pageNo > this.lastPageNo) this.lastPageNo = pageNo;
    const { startNum, endNum } = this;
    const exact = !Number.isNaN(frameNum) && startNum !== null && endNum !== null;
    const inRange = exact
      ? frameNum >= startNum && frameNum <= endNum
      : frameNo() >= header.startFrameNo && frameNo() <= header.endFrameNo;
    if (!inRange) {
      this.log.add(
        'FRAME_OUT_OF_RANGE',
        `frame ${index} has frame number ${frameNo()}, outside the header's range ` +
          `${header.startFrameNo}..${header.endFrameNo}`,
      );
    }
    if (sizeAfter !== 0 && (exact ? frameNum === endNum : frameNo() === header.endFrameNo)) this.commitFrameSeen = true;
  }

  private copyFooter(chunk: Uint8Array, chunkStart: number, chunkEnd: number): void {
    if (this.bodyEnd < 0) return;
    const footerAt = this.bodyEnd + this.footerFill;
    const footerEnd = this.bodyEnd + V0_FOOTER_SIZE;
    if (footerAt >= chunkEnd || footerAt >= footerEnd) return;
    const from = Math.max(footerAt, chunkStart);
    const to = Math.min(footerEnd, chunkEnd);
    this.footerBytes.set(chunk.subarray(from - chunkStart, to - chunkStart), from - this.bodyEnd);
    this.footerFill = to - this.bodyEnd;
  }
}
