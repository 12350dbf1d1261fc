import { describe, expect, it } from 'vitest';
import { stringifyJson } from '../../core/cli/json.js';

describe('stringifyJson', () => {
  it('prints u64 values with every digit, where JSON.parse would round them', () => {
    const text = stringifyJson({ maxFrameNo: 18446744073709551615n, small: 5n });
    expect(text).toContain('"maxFrameNo": 18446744073709551615');
    expect(text).toContain('"small": 5');
    // The same text through JSON.parse loses precision: the reason for the custom encoder.
    expect(String((JSON.parse(text) as { maxFrameNo: number }).maxFrameNo)).not.toBe('18446744073709551615');
  });

  it('matches JSON.stringify on plain data', () => {
    const value = { a: [1, 'x', true, null, { b: [] }], c: {}, s: 'quote " and \\ and \n' };
    expect(JSON.parse(stringifyJson(value))).toEqual(value);
  });

  it('drops undefined fields, prints dates as ISO-8601 and non-finite numbers as null', () => {
    const text = stringifyJson({ gone: undefined, at: new Date(0), bad: Number.NaN });
    expect(JSON.parse(text)).toEqual({ at: '1970-01-01T00:00:00.000Z', bad: null });
  });
});
