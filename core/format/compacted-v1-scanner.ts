import { crc32 } from './crc32.js';
import {
  V1_FLAG_LAST_FRAME,
  V1_FRAME_SIZE,
  V1_HEADER_SIZE,
  type V1Header,
  decodeV1Header,
  readV1FrameHeader,
  v1FrameChecksum,
} from './compacted-v1.js';
import { CompactedScanner, rangeFields, sizeAndTimeFields } from './compacted-scanner.js';
import { viewOf } from './byte-fields.js';
import { type ScanOptions } from './segment-scan.js';
import { type ChecksumStatus, type FrameInfo, type HeaderFields } from '../model/file-format.js';

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
    super(size, options, {
      headerSize: V1_HEADER_SIZE,
      frameSize: V1_FRAME_SIZE,
      pageOrdered: false,
      decode: decodeV1Header,
    });
    // v1 records no frame count: the file's size is the only witness.
    this.frameCount =
      size > BigInt(V1_HEADER_SIZE)
        ? Number((size - BigInt(V1_HEADER_SIZE) + BigInt(V1_FRAME_SIZE) - 1n) / BigInt(V1_FRAME_SIZE))
        : 0;
  }

  protected fields(h: V1Header): HeaderFields {
    return {
      frameCount: BigInt(this.frameIndex),
      segmentId: h.logId,
      ...rangeFields(h),
      logId: h.logId,
      ...sizeAndTimeFields(h),
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
