import fc from 'fast-check';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SegscopeError } from '../../../core/errors.js';
import { PAGE_SIZE } from '../../../core/format/frame.js';
import { decodeSealedHeader, encodeSealedHeader } from '../../../core/format/sealed-segment.js';
import { formatSegmentKey, parseSegmentKey } from '../../../core/format/segment-key.js';
import { decodeV0Header, encodeV0Header, encodeV0Segment } from '../../../core/format/segment-v0.js';
import { verifyV0Bytes } from '../../support/verify-v0-bytes.js';
import { decodeV1Header, encodeV1Header } from '../../../core/format/compacted-v1.js';
import { decodeDraftHeader } from '../../../core/format/sealed-draft.js';
import { createScanner } from '../../../core/format/scanners.js';
import { isSegmentFormat } from '../../../core/format/segment-scan.js';
import { SEGMENT_FORMATS } from '../../../core/model/file-format.js';
import { inspectFile } from '../../../core/inspect/inspect-file.js';
import { tempDir } from '../../support/segments.js';

const u64 = fc.bigInt({ min: 0n, max: (1n << 64n) - 1n });
const u32 = fc.integer({ min: 0, max: 0xffffffff });
const uuid = fc.uuid({ version: [1, 2, 3, 4, 5, 6, 7, 8] });

function onlyTypedErrors(run: () => unknown): void {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(SegscopeError);
  }
}

describe('format round trips and robustness (fast-check)', () => {
  it('segment keys round-trip for every u64 triple with start <= end', () => {
    fc.assert(
      fc.property(u64, u64, u64, (a, b, createdAt) => {
        const key = { startFrameNo: a < b ? a : b, endFrameNo: a < b ? b : a, createdAt };
        expect(parseSegmentKey(formatSegmentKey(key))).toEqual(key);
      }),
    );
  });

  it('parsing any string either yields a key or throws INVALID_SEGMENT_NAME', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.stringMatching(/^[0-9-]{0,70}\.segment$/)), (name) => {
        try {
          parseSegmentKey(name);
        } catch (error) {
          expect(error).toMatchObject({ code: 'INVALID_SEGMENT_NAME' });
        }
      }),
    );
  });

  it('v0 headers, sealed headers and v1 headers round-trip', () => {
    fc.assert(
      fc.property(u64, uuid, u64, u64, (frameCount, segmentId, startFrameNo, endFrameNo) => {
        const header = { frameCount, segmentId, startFrameNo, endFrameNo };
        expect(decodeV0Header(encodeV0Header(header))).toEqual(header);
      }),
    );
    fc.assert(
      fc.property(
        u64,
        u64,
        u64,
        u32,
        u64,
        u64,
        u32,
        uuid,
        u64,
        (
          startFrameNo,
          lastCommittedFrameNo,
          frameCount,
          sizeAfter,
          indexOffset,
          indexSize,
          salt,
          logId,
          sealedAtMs,
        ) => {
          const fields = {
            version: 1,
            startFrameNo,
            lastCommittedFrameNo,
            frameCount,
            sizeAfter,
            indexOffset,
            indexSize,
            flags: 2,
            salt,
            pageSize: 4096,
            logId,
            sealedAtMs,
          };
          expect(decodeSealedHeader(encodeSealedHeader(fields))).toMatchObject(fields);
        },
      ),
    );
    fc.assert(
      fc.property(uuid, u64, u64, u32, u64, (logId, startFrameNo, endFrameNo, sizeAfter, timestampMs) => {
        const fields = { version: 1, logId, startFrameNo, endFrameNo, sizeAfter, pageSize: 4096, timestampMs };
        expect(decodeV1Header(encodeV1Header(fields))).toMatchObject(fields);
      }),
    );
  });

  it('whole well-formed v0 segments encode and verify clean', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: 5000 }), { minLength: 1, maxLength: 6 }),
        fc.bigInt({ min: 1n, max: 1n << 40n }),
        uuid,
        (pages, start, segmentId) => {
          const sorted = [...pages].sort((a, b) => a - b);
          const end = start + BigInt(sorted.length) - 1n;
          const frames = sorted.map((pageNo, i) => ({
            pageNo,
            sizeAfter: i === sorted.length - 1 ? 5000 : 0,
            frameNo: start + BigInt(i),
            page: new Uint8Array(PAGE_SIZE).fill(pageNo & 0xff),
          }));
          const result = verifyV0Bytes(encodeV0Segment({ segmentId, startFrameNo: start, endFrameNo: end, frames }), {
            collectFrames: true,
          });
          expect(result.problems).toEqual([]);
          expect(result.frames?.map((f) => f.pageNo)).toEqual(sorted);
        },
      ),
      { numRuns: 50 },
    );
  });

  it('decoding and verifying arbitrary bytes never throws anything but a typed error', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        onlyTypedErrors(() => verifyV0Bytes(bytes));
        onlyTypedErrors(() => decodeV0Header(bytes));
        onlyTypedErrors(() => decodeSealedHeader(bytes));
        onlyTypedErrors(() => decodeV1Header(bytes));
        onlyTypedErrors(() => decodeDraftHeader(bytes));
      }),
    );
  });

  it('every scanner takes arbitrary bytes (with and without the magic) without throwing', () => {
    const magic = [0x00, 0x00, 0x4c, 0x51, 0x53, 0x42, 0x49, 0x4c, 0x01, 0x00];
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 9000 }),
        fc.boolean(),
        fc.integer({ min: 1, max: 5000 }),
        (tail, withMagic, chunk) => {
          const bytes = withMagic ? Uint8Array.from([...magic, ...tail]) : tail;
          for (const format of SEGMENT_FORMATS) {
            if (!isSegmentFormat(format)) continue;
            const scanner = createScanner(format, BigInt(bytes.length), {
              collectFrames: true,
              onPage: () => undefined,
            });
            for (let at = 0; at < bytes.length; at += chunk) scanner.push(bytes.subarray(at, at + chunk));
            expect(Array.isArray(scanner.finish().problems)).toBe(true);
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('inspecting arbitrary files never throws anything but a typed error', async () => {
    const dir = await tempDir();
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 9000 }),
        fc.constantFrom('a.segment', 'b.seg', 'c'),
        async (bytes, name) => {
          const path = join(dir, name);
          await writeFile(path, bytes);
          try {
            const result = await inspectFile(path, { frames: true });
            expect(Array.isArray(result.problems)).toBe(true);
          } catch (error) {
            expect(error).toBeInstanceOf(SegscopeError);
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
