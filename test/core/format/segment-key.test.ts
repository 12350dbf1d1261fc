import { describe, expect, it } from 'vitest';
import { formatSegmentKey, parseSegmentKey } from '../../../core/format/segment-key.js';

describe('segment keys', () => {
  it('pads each field to 19 digits', () => {
    expect(formatSegmentKey({ startFrameNo: 1n, endFrameNo: 64n, createdAt: 1700000000n })).toBe(
      '0000000000000000001-0000000000000000064-0000000001700000000.segment',
    );
  });

  it('writes 20-digit values in full and reads them back as bigint', () => {
    const key = { startFrameNo: 10n ** 19n, endFrameNo: (1n << 64n) - 1n, createdAt: 0n };
    const name = formatSegmentKey(key);
    expect(name).toBe('10000000000000000000-18446744073709551615-0000000000000000000.segment');
    expect(parseSegmentKey(name)).toEqual(key);
  });

  it.each([
    ['no extension', '0000000000000000001-0000000000000000002-0000000000000000003'],
    ['wrong extension', '0000000000000000001-0000000000000000002-0000000000000000003.seg'],
    ['two fields', '0000000000000000001-0000000000000000002.segment'],
    ['letters', '00000000000000000x1-0000000000000000002-0000000000000000003.segment'],
    ['path separator', '../0000000000000000002-0000000000000000003.segment'],
    ['over u64', '18446744073709551616-18446744073709551616-0.segment'],
    ['start after end', '0000000000000000009-0000000000000000002-0000000000000000003.segment'],
    ['empty', ''],
  ])('rejects %s with INVALID_SEGMENT_NAME', (_label, name) => {
    expect(() => parseSegmentKey(name)).toThrowError(expect.objectContaining({ code: 'INVALID_SEGMENT_NAME' }));
  });
});
