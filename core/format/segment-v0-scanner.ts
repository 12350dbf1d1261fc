import { FRAME_HEADER_SIZE, FRAME_SIZE, readFrameHeader, viewOf } from './frame.js';
import { RecordStream } from './record-stream.js';
import type { ScanOptions, SegmentScan, SegmentScanner } from './segment-scan.js';
import { V0_HEADER_SIZE, decodeV0Header } from './segment-v0.js';
import { V0Verifier } from './segment-v0-verifier.js';

/** The seed's v0 as a SegmentScanner: its verifier, plus the frames a restore applies. */
export class V0Scanner implements SegmentScanner {
  private readonly verifier: V0Verifier;
  private readonly records: RecordStream;
  private endFrameNo = 0n;
  private sizeAfter = 0;

  constructor(size: bigint, options: ScanOptions = {}) {
    this.verifier = new V0Verifier(size, { collectFrames: options.collectFrames ?? false });
    let frameCount = 0;
    this.records = new RecordStream(
      V0_HEADER_SIZE,
      FRAME_SIZE,
      (header) => {
        const h = decodeV0Header(header);
        this.endFrameNo = h.endFrameNo;
        frameCount = h.frameCount > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(h.frameCount);
      },
      (record, index) => {
        if (index >= frameCount) return;
        const frame = { index, ...readFrameHeader(viewOf(record), 0) };
        if (frame.frameNo === this.endFrameNo && frame.sizeAfter !== 0) this.sizeAfter = frame.sizeAfter;
        options.onPage?.(frame, record.subarray(FRAME_HEADER_SIZE));
      },
    );
  }

  push(chunk: Uint8Array): void {
    this.verifier.push(chunk);
    this.records.push(chunk);
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
      commits: h ? [{ frameNo: h.endFrameNo, sizeAfter: this.sizeAfter, slots: Math.min(this.records.records, Number(h.frameCount)) }] : [],
      timeMs: null,
    };
  }
}
