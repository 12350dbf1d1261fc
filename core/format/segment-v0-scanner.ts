import { FRAME_HEADER_SIZE, FRAME_SIZE, frameAt } from './frame.js';
import { viewOf } from './byte-fields.js';
import { type Next, PieceReader } from './piece-reader.js';
import type { ScanOptions, SegmentScan, SegmentScanner } from './segment-scan.js';
import { V0_HEADER_SIZE, decodeV0Header } from './segment-v0.js';
import { V0Verifier } from './segment-v0-verifier.js';

/** The seed's v0 as a SegmentScanner: its verifier, plus the frames a restore applies. */
export class V0Scanner implements SegmentScanner {
  private readonly verifier: V0Verifier;
  /** Frames are cut out only for a restore; a verify is the verifier's streaming pass alone. */
  private readonly reader: PieceReader | null;
  private endFrameNo = 0n;
  private sizeAfter = 0;
  private frames = 0;
  private total = 0;

  constructor(size: bigint, options: ScanOptions = {}) {
    this.verifier = new V0Verifier(size, { collectFrames: options.collectFrames ?? false });
    // No more frames than the header promises, nor than the file can hold.
    const fit = size > BigInt(V0_HEADER_SIZE) ? (size - BigInt(V0_HEADER_SIZE)) / BigInt(FRAME_SIZE) : 0n;
    this.reader = !options.onPage
      ? null
      : new PieceReader(
          V0_HEADER_SIZE,
          (header): Next => {
            const h = decodeV0Header(header);
            this.endFrameNo = h.endFrameNo;
            this.total = Number(h.frameCount < fit ? h.frameCount : fit);
            return { recordSize: FRAME_SIZE, records: this.total };
          },
          (records, _offset, count): Next => {
            const view = viewOf(records);
            for (let i = 0; i < count; i++) {
              const at = i * FRAME_SIZE;
              const frame = frameAt(records, at, this.frames++, view);
              if (frame.frameNo === this.endFrameNo && frame.sizeAfter !== 0) this.sizeAfter = frame.sizeAfter;
              options.onPage?.(frame, records.subarray(at + FRAME_HEADER_SIZE, at + FRAME_SIZE));
            }
            return { recordSize: FRAME_SIZE, records: this.total - this.frames };
          },
        );
  }

  push(chunk: Uint8Array): void {
    this.verifier.push(chunk);
    this.reader?.push(chunk);
  }

  finish(): SegmentScan {
    const result = this.verifier.finish();
    const h = result.header;
    return {
      header: h ? { ...h } : null,
      expectedSize: result.expectedSize,
      checksum: result.checksum,
      problems: result.problems,
      frames: result.frames ?? [],
      commits: h
        ? [{ frameNo: h.endFrameNo, sizeAfter: this.sizeAfter, slots: Math.min(this.frames, Number(h.frameCount)) }]
        : [],
      timeMs: null,
    };
  }
}
