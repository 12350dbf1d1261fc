import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ListedSegment } from '../../../core/model/results.js';
import { type SegmentRow, SegmentRowsBuilder } from '../../../core/layouts/segment-rows.js';

const byRange = (a: ListedSegment, b: ListedSegment): number =>
  a.startFrameNo !== b.startFrameNo
    ? a.startFrameNo < b.startFrameNo
      ? -1
      : 1
    : a.endFrameNo !== b.endFrameNo
      ? a.endFrameNo < b.endFrameNo
        ? -1
        : 1
      : a.file < b.file
        ? -1
        : a.file > b.file
          ? 1
          : 0;

function rowsOf(rows: readonly SegmentRow[]) {
  const builder = new SegmentRowsBuilder('/data/segments', rows.length + 3);
  for (const row of rows) builder.add(row);
  return builder.finish();
}

// Frame numbers near 2^64 differ by less than a double can tell apart: the sort must not trust
// its numeric shortcut for those.
const frame = fc.oneof(
  fc.bigInt({ min: 0n, max: 50n }),
  fc.bigInt({ min: (1n << 64n) - 8n, max: (1n << 64n) - 1n }),
  fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
);
const row: fc.Arbitrary<SegmentRow> = fc.record({
  file: fc.stringMatching(/^[a-z0-9.]{1,12}$/),
  format: fc.constantFrom('sealed', 'compacted-v0', 'compacted-v1', 'unknown' as const),
  status: fc.constantFrom('ok', 'unsealed', 'truncated', 'not_a_segment', 'unreadable' as const),
  startFrameNo: frame,
  endFrameNo: frame,
  size: fc.nat({ max: 2 ** 40 }),
  createdAt: fc.oneof(fc.constant(null), fc.integer({ min: 0, max: 8.64e15 }), fc.constant('99999999999999999999')),
});

describe('a listing held in columns', () => {
  it('gives back every row as it was added, with its path, and only the usable ranges for the timeline', () => {
    const rows = rowsOf([
      {
        file: 'b.seg',
        format: 'sealed',
        status: 'ok',
        startFrameNo: 11n,
        endFrameNo: 20n,
        size: 4096,
        createdAt: 1_700_000_000_000,
      },
      {
        file: 'a.seg',
        format: 'unknown',
        status: 'unreadable',
        startFrameNo: 1n,
        endFrameNo: 1n,
        size: 0,
        createdAt: '99999999999999999999',
      },
      {
        file: 'c.seg',
        format: 'compacted-v0',
        status: 'not_a_segment',
        startFrameNo: 21n,
        endFrameNo: 30n,
        size: 7,
        createdAt: null,
      },
    ]);
    expect(rows.length).toBe(3);
    expect(rows.at(0)).toEqual({
      file: 'b.seg',
      path: '/data/segments/b.seg',
      format: 'sealed',
      startFrameNo: 11n,
      endFrameNo: 20n,
      createdAt: '2023-11-14T22:13:20.000Z',
      size: 4096n,
      location: 'local',
      status: 'ok',
    });
    expect(rows.at(1).createdAt).toBe('99999999999999999999');
    expect(rows.at(2).createdAt).toBeNull();
    expect([...rows.usableRanges()]).toEqual([{ startFrameNo: 11n, endFrameNo: 20n, file: 'b.seg' }]);
    const sorted = rows.sortedByRange();
    expect([...sorted].map((s) => s.file)).toEqual(['a.seg', 'b.seg', 'c.seg']);
    // A time kept as text follows its row through the sort.
    expect(sorted.at(0).createdAt).toBe('99999999999999999999');
  });

  it('sorts by start, end and name exactly as the rows themselves would sort', () => {
    fc.assert(
      fc.property(fc.array(row, { maxLength: 60 }), (input) => {
        const rows = rowsOf(input);
        const expected = [...rows].sort(byRange);
        expect([...rows.sortedByRange()]).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('an ordered listing is not copied', () => {
    const rows = rowsOf([
      { file: 'x', format: 'sealed', status: 'ok', startFrameNo: 1n, endFrameNo: 2n, size: 1, createdAt: null },
      { file: 'y', format: 'sealed', status: 'ok', startFrameNo: 3n, endFrameNo: 4n, size: 1, createdAt: null },
    ]);
    expect(rows.sortedByRange()).toBe(rows);
  });
});
