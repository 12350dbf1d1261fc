import { describe, expect, it } from 'vitest';
import { writeJson } from '../../../core/cli/json.js';

function blocks(value: unknown): string[] {
  const written: string[] = [];
  writeJson(value, (text) => written.push(text));
  return written;
}

const json = (value: unknown) => blocks(value).join('');

describe('writeJson', () => {
  it('prints u64 values with every digit, where JSON.parse would round them', () => {
    const text = json({ maxFrameNo: 18446744073709551615n, small: 5n });
    expect(text).toContain('"maxFrameNo": 18446744073709551615');
    expect(text).toContain('"small": 5');
    // The same text through JSON.parse loses precision: the reason for the custom encoder.
    expect(String((JSON.parse(text) as { maxFrameNo: number }).maxFrameNo)).not.toBe('18446744073709551615');
  });

  it('writes exactly what JSON.stringify writes for plain data, and a final newline', () => {
    const value = { a: [1, 'x', true, null, { b: [] }], c: {}, s: 'quote " and \\ and \n' };
    expect(json(value)).toBe(`${JSON.stringify(value, null, 2)}\n`);
  });

  it('drops undefined fields, prints dates as ISO-8601 and non-finite numbers as null', () => {
    const text = json({ gone: undefined, at: new Date(0), bad: Number.NaN });
    expect(JSON.parse(text)).toEqual({ at: '1970-01-01T00:00:00.000Z', bad: null });
  });

  it('hands a large document on in bounded blocks instead of one string', () => {
    const value = {
      segments: Array.from({ length: 20_000 }, (_, i) => ({
        file: `s${i}.seg`,
        startFrameNo: BigInt(i) * 10n + 1n,
        size: 44n,
      })),
    };
    const written = blocks(value);
    expect(written.length).toBeGreaterThan(10);
    // A block closes as soon as it passes 64 Ki characters, so none is much longer.
    expect(Math.max(...written.map((b) => b.length))).toBeLessThan((64 << 10) + 200);
    const parsed = JSON.parse(written.join('')) as { segments: { file: string; startFrameNo: number }[] };
    expect(parsed.segments).toHaveLength(20_000);
    expect(parsed.segments[19_999]).toEqual({ file: 's19999.seg', startFrameNo: 199_991, size: 44 });
  });
});
