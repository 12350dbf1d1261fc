import { describe, expect, it } from 'vitest';
import { decodeV0Header, encodeV0Header, encodeV0Segment } from '../../../core/format/segment-v0.js';
import { V0Verifier } from '../../../core/format/segment-v0-verifier.js';
import { verifyV0Bytes } from '../../support/verify-v0-bytes.js';
import { buildSegment } from '../../support/segments.js';

describe('compacted v0 segments', () => {
  it('stores the segment id as the UUID bytes reversed', () => {
    const header = {
      frameCount: 3n,
      segmentId: '00112233-4455-6677-8899-aabbccddeeff',
      startFrameNo: 5n,
      endFrameNo: 9n,
    };
    const bytes = encodeV0Header(header);
    expect(Array.from(bytes.subarray(8, 24))).toEqual([
      0xff, 0xee, 0xdd, 0xcc, 0xbb, 0xaa, 0x99, 0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11, 0x00,
    ]);
    expect(decodeV0Header(bytes)).toEqual(header);
  });

  it('finds no problem in a well-formed segment', () => {
    const result = verifyV0Bytes(buildSegment({ start: 10n, end: 20n }));
    expect(result.problems).toEqual([]);
    expect(result.checksum.ok).toBe(true);
    expect(result.actualSize).toBe(result.expectedSize);
  });

  it('gives the same verdict however the bytes are split into chunks', () => {
    const bytes = buildSegment({ start: 1n, end: 4n });
    bytes[100] = (bytes[100] ?? 0) ^ 1;
    const whole = verifyV0Bytes(bytes, { collectFrames: true });
    for (const chunk of [1, 7, 16, 39, 41, 4111, 4113]) {
      const verifier = new V0Verifier(BigInt(bytes.length), { collectFrames: true });
      for (let at = 0; at < bytes.length; at += chunk) verifier.push(bytes.subarray(at, at + chunk));
      expect(verifier.finish()).toEqual(whole);
    }
    expect(whole.problems.map((p) => p.code)).toEqual(['CHECKSUM_MISMATCH']);
  });

  it(
    'checks each frame the same on both sides of 2^53 and ' + 'across chunk boundaries: order, range, the commit frame',
    () => {
      const page = new Uint8Array(4096);
      for (const base of [1_000n, (1n << 60n) + 7n]) {
        const end = base + 3n;
        const frames = [
          { pageNo: 5, sizeAfter: 0, frameNo: base, page },
          { pageNo: 3, sizeAfter: 0, frameNo: base + 1n, page },
          { pageNo: 6, sizeAfter: 0, frameNo: end + 9n, page },
          { pageNo: 0, sizeAfter: 6, frameNo: end, page },
        ];
        const bytes = encodeV0Segment({
          segmentId: '00112233-4455-6677-8899-aabbccddeeff',
          startFrameNo: base,
          endFrameNo: end,
          frames,
        });
        const whole = verifyV0Bytes(bytes, { collectFrames: true });
        // A code is reported once, by its first case, with how many there were.
        expect(whole.problems.map((p) => p.code)).toEqual(['FRAME_ORDER', 'FRAME_OUT_OF_RANGE']);
        expect(whole.problems[0]?.message).toContain('frame 1 holds page 3 after page 5');
        expect(whole.problems[0]?.message).toContain('(and 1 more like it)');
        expect(whole.problems[1]?.message).toContain(`frame number ${end + 9n},`);
        expect(whole.frames?.map((f) => f.frameNo)).toEqual(frames.map((f) => f.frameNo));
        for (const chunk of [5, 16, 4113]) {
          const verifier = new V0Verifier(BigInt(bytes.length), { collectFrames: true });
          for (let at = 0; at < bytes.length; at += chunk) verifier.push(bytes.subarray(at, at + chunk));
          expect(verifier.finish()).toEqual(whole);
        }
        // Without the commit frame (the last one's size after cleared): a warning, not a failure.
        const noCommit = encodeV0Segment({
          segmentId: '00112233-4455-6677-8899-aabbccddeeff',
          startFrameNo: base,
          endFrameNo: end,
          frames: frames.map((f) => ({ ...f, sizeAfter: 0 })),
        });
        expect(
          verifyV0Bytes(noCommit)
            .problems.filter((p) => p.code === 'MISSING_COMMIT_FRAME')
            .map((p) => p.severity),
        ).toEqual(['warning']);
      }
    },
  );
});
