import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodeSealedSegment } from '../../../core/format/sealed-segment.js';
import { encodeV0Header } from '../../../core/format/segment-v0.js';
import { encodeV1Segment } from '../../../core/format/compacted-v1.js';
import { compareFiles } from '../../../core/inspect/compare.js';
import { inspectFile } from '../../../core/inspect/inspect-file.js';
import { verifyFiles } from '../../../core/inspect/verify-files.js';
import { buildSegment, keyFor, pageBytes, tempDir } from '../../support/segments.js';
import { FRAME_SIZE } from '../../../core/format/frame.js';

async function fileWith(bytes: Uint8Array, name = 'file.bin'): Promise<string> {
  const path = join(await tempDir(), name);
  await writeFile(path, bytes);
  return path;
}

const codes = (problems: { code: string }[]) => problems.map((p) => p.code);

describe('inspect and verify', () => {
  it('reports a well-formed v0 segment with its header, sizes, checksum and agreeing name', async () => {
    const path = await fileWith(
      buildSegment({ start: 7n, end: 12n, segmentId: '11111111-2222-3333-4444-555555555555' }),
      keyFor(7n, 12n),
    );
    const result = await inspectFile(path, { frames: true });
    expect(result).toMatchObject({
      format: 'compacted-v0',
      header: { frameCount: 6n, segmentId: '11111111-2222-3333-4444-555555555555', startFrameNo: 7n, endFrameNo: 12n },
      nameAgrees: true,
      checksum: { ok: true },
      problems: [],
    });
    expect(result.actualSize).toBe(result.expectedSize);
    expect(result.frames?.map((f) => f.pageNo)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(result.frames?.at(-1)).toMatchObject({ frameNo: 12n, sizeAfter: 6 });
  });

  it.each([
    ['an empty file', new Uint8Array(), 'NOT_A_SEGMENT'],
    ['a 17-byte file, too short for any header', new Uint8Array(17), 'NOT_A_SEGMENT'],
    [
      "the reference's 40-byte header-only file",
      encodeV0Header({
        frameCount: 10n,
        segmentId: '00000000-0000-0000-0000-000000000000',
        startFrameNo: 0n,
        endFrameNo: 64n,
      }),
      'TRUNCATED_SEGMENT',
    ],
  ])('reports %s as %s instead of failing', async (_label, bytes, code) => {
    const result = await inspectFile(await fileWith(bytes));
    expect(codes(result.problems)).toEqual([code]);
  });

  it('reports a segment cut mid-frame as truncated, with how much is missing', async () => {
    const whole = buildSegment({ start: 1n, end: 4n });
    const result = await inspectFile(await fileWith(whole.subarray(0, 40 + FRAME_SIZE + 100)));
    expect(codes(result.problems)).toEqual(['TRUNCATED_SEGMENT']);
    expect(result.problems[0]?.message).toContain('1 whole frames present');
    expect(result.checksum.ok).toBeNull();
  });

  it('catches a single flipped bit anywhere in the body', async () => {
    const bytes = buildSegment({ start: 1n, end: 3n });
    const flipped = async (at: number) => {
      const copy = bytes.slice();
      copy[at] = (copy[at] ?? 0) ^ 0x10;
      return codes((await inspectFile(await fileWith(copy))).problems);
    };
    for (const at of [8, 39, 40 + 20, bytes.length - 5]) expect(await flipped(at)).toContain('CHECKSUM_MISMATCH');
    // A flip in the frame count makes it claim more frames than its range holds: no longer
    // plausible as v0, which has no magic, so it is not read as a segment at all.
    expect(await flipped(0)).toEqual(['NOT_A_SEGMENT']);
  });

  it('reports a name that disagrees with the header', async () => {
    const result = await inspectFile(await fileWith(buildSegment({ start: 1n, end: 3n }), keyFor(1n, 4n)));
    expect(result.nameAgrees).toBe(false);
    expect(codes(result.problems)).toEqual(['HEADER_MISMATCH']);
  });

  it('reports frame order, range and missing commit frame violations', async () => {
    const order = await inspectFile(await fileWith(buildSegment({ start: 1n, end: 3n, pages: [3, 2, 5] })));
    expect(codes(order.problems)).toEqual(['FRAME_ORDER']);
    const noCommit = await inspectFile(
      await fileWith(buildSegment({ start: 1n, end: 3n, pages: [1, 2], sizeAfter: 0 })),
    );
    expect(codes(noCommit.problems)).toEqual(['MISSING_COMMIT_FRAME']);
    const tooMany = await inspectFile(await fileWith(buildSegment({ start: 1n, end: 2n, pages: [1, 2, 3] })));
    expect(codes(tooMany.problems)).toEqual(['NOT_A_SEGMENT']);
    const outside = await inspectFile(
      await fileWith(
        buildSegment({ start: 5n, end: 7n, pages: [1, 2], sizeAfter: 2 }).map((b, i) => (i === 40 + 8 ? 1 : b)),
      ),
    );
    expect(codes(outside.problems)).toContain('FRAME_OUT_OF_RANGE');
  });

  it('reports bytes past the footer', async () => {
    const bytes = buildSegment({ start: 1n, end: 2n });
    const longer = new Uint8Array(bytes.length + 3);
    longer.set(bytes);
    const result = await inspectFile(await fileWith(longer));
    expect(codes(result.problems)).toEqual(['TRAILING_DATA']);
    expect(result.checksum.ok).toBe(true);
  });

  it('recognises a sealed segment by content, whatever its name, and decodes its header', async () => {
    const bytes = encodeSealedSegment({
      startFrameNo: 5n,
      salt: 7,
      logId: '01234567-89ab-cdef-0123-456789abcdef',
      sealedAtMs: null,
      transactions: [{ pages: [1, 2].map((pageNo) => ({ pageNo, page: pageBytes(pageNo, 5n) })), sizeAfter: 2 }],
    });
    const result = await inspectFile(await fileWith(bytes, 'anything.bin'), { frames: true });
    expect(result.format).toBe('sealed');
    expect(result.header).toMatchObject({ startFrameNo: 5n, endFrameNo: 6n, sealed: false, frameCount: 2n, salt: 7 });
    expect(result.frames).toHaveLength(2);
    expect(result.problems.map((p) => [p.code, p.severity])).toEqual([['UNSEALED_SEGMENT', 'warning']]);
  });

  it('recognises a v1 segment, checks its CRC chain, and finds a damaged frame', async () => {
    const bytes = encodeV1Segment({
      logId: '01234567-89ab-cdef-0123-456789abcdef',
      startFrameNo: 1n,
      endFrameNo: 2n,
      sizeAfter: 2,
      timestampMs: 1n,
      frames: [
        { pageNo: 1, frameNo: 1n, page: pageBytes(1, 1n) },
        { pageNo: 2, frameNo: 2n, page: pageBytes(2, 2n) },
      ],
    });
    const good = await inspectFile(await fileWith(bytes));
    expect(good).toMatchObject({ format: 'compacted-v1', problems: [], checksum: { ok: true } });
    const bad = bytes.slice();
    bad[56 + 4116 + 100] = (bad[56 + 4116 + 100] ?? 0) ^ 1;
    expect(codes((await inspectFile(await fileWith(bad))).problems)).toEqual(['CHAIN_BROKEN']);
  });

  it('fails verify for an unreadable path with the reason, and passes a good file', async () => {
    const dir = await tempDir();
    const good = await fileWith(buildSegment({ start: 1n, end: 2n }));
    const result = await verifyFiles([good, join(dir, 'missing')]);
    expect(result.ok).toBe(false);
    expect(result.segments.map((s) => s.ok)).toEqual([true, false]);
    expect(codes(result.segments[1]?.problems ?? [])).toEqual(['NOT_FOUND']);
  });

  it('compares headers and pages of two segments', async () => {
    const a = await fileWith(
      buildSegment({ start: 1n, end: 4n, pages: [1, 2, 3], segmentId: '00000000-0000-0000-0000-00000000000a' }),
    );
    const b = await fileWith(
      buildSegment({ start: 1n, end: 5n, pages: [2, 3, 4], segmentId: '00000000-0000-0000-0000-00000000000a' }),
    );
    const result = await compareFiles(a, b);
    expect(result.pagesOnlyInA).toEqual([1]);
    expect(result.pagesOnlyInB).toEqual([4]);
    // Page 2 holds frame 1 in a and 2 in b (pageBytes encodes the frame), page 3 the commit frame in both.
    expect(result.pagesChanged).toEqual([2, 3]);
    expect(result.header.find((f) => f.field === 'endFrameNo')).toEqual({
      field: 'endFrameNo',
      a: 4n,
      b: 5n,
      same: false,
    });
    expect(result.header.find((f) => f.field === 'segmentId')?.same).toBe(true);
  });
});
