import { crc32 } from './crc32.js';
import {
  ALPHA1_FOOTER_SIZE,
  ALPHA1_HEADER_SIZE,
  type Alpha1Header,
  alpha1ExpectedSize,
  decodeAlpha1Header,
} from './compacted-alpha1.js';
import { CompactedScanner, rangeFields, sizeAndTimeFields } from './compacted-scanner.js';
import { FRAME_SIZE, frameAt } from './frame.js';
import { viewOf } from './byte-fields.js';
import { type ScanOptions, emptyChecksum } from './segment-scan.js';
import { hex32 } from './hex32.js';
import { type ChecksumStatus, type FrameInfo, type HeaderFields } from '../model/file-format.js';

/** alpha.1: 4112-byte frames and a CRC-32 footer over everything before it. */
export class Alpha1Scanner extends CompactedScanner<Alpha1Header> {
  protected readonly trailerSize = ALPHA1_FOOTER_SIZE;
  private crc = 0;
  private footer: number | null = null;
  private sizeAfterSeen = false;

  constructor(size: bigint, options: ScanOptions = {}) {
    super(size, options, {
      headerSize: ALPHA1_HEADER_SIZE,
      frameSize: FRAME_SIZE,
      pageOrdered: true,
      decode: decodeAlpha1Header,
    });
  }

  protected fields(h: Alpha1Header): HeaderFields {
    return {
      frameCount: BigInt(h.frameCount),
      segmentId: h.segmentId,
      ...rangeFields(h),
      ...sizeAndTimeFields(h),
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
