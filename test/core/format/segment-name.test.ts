import { describe, expect, it } from 'vitest';
import { parseSegmentName, sqldSegmentName } from '../../../core/format/segment-name.js';

describe('sqld segment names', () => {
  it('are the start frame in 20 digits, and read back as that start with no end', () => {
    expect(sqldSegmentName(1n)).toBe('00000000000000000001.seg');
    for (const start of [1n, 4097n, 2n ** 64n - 1n]) {
      expect(parseSegmentName(sqldSegmentName(start))).toEqual({
        naming: 'sqld-seg',
        startFrameNo: start,
        endFrameNo: null,
      });
    }
  });

  it('past u64 is not a sqld name', () => {
    expect(parseSegmentName(sqldSegmentName(2n ** 64n))).toBeNull();
  });
});
