import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildFstMap } from '../../../core/format/fst-builder.js';
import { pageKey } from '../../../core/format/fst-encoding.js';
import { pageOfKey } from '../../support/page-of-key.js';
import { FstMap } from '../../../core/format/fst.js';
import { fstVectors } from '../../support/vectors.js';

const vectors = fstVectors();

function entriesOf(map: FstMap): [bigint, bigint][] {
  return [...map.entries()].map(({ key, value }) => [BigInt(pageOfKey(key) ?? -1), value]);
}

/** The numeric walk: a value past 2^53 comes as NaN, a key of another length is -1 here. */
function numericEntriesOf(map: FstMap): [number, number][] {
  const out: [number, number][] = [];
  map.forEachNumeric((key, keyLength, value) => out.push([keyLength === 4 ? key : -1, value]));
  return out;
}

const asNumbers = (entries: readonly (readonly [bigint, bigint])[]) =>
  entries.map(([page, value]): [number, number] => [
    Number(page),
    value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : Number.NaN,
  ]);

describe('fst maps (bytes written by the fst crate 0.4.7)', () => {
  it('has every vector', () => {
    expect(vectors.map((v) => v.name).sort()).toEqual(
      ['dense-300', 'empty', 'max-values', 'one-entry-42', 'slots-2000', 'sparse-large', 'two-pages'].sort(),
    );
  });

  for (const vector of vectors) {
    it(`${vector.name}: decodes to exactly its entries`, () => {
      const map = FstMap.decode(vector.bytes);
      expect(map.length).toBe(BigInt(vector.entries.length));
      expect(entriesOf(map)).toEqual(vector.entries);
      expect(numericEntriesOf(map)).toEqual(asNumbers(vector.entries));
      for (const [page, value] of vector.entries.slice(0, 50)) expect(map.get(pageKey(Number(page)))).toBe(value);
    });

    it(`${vector.name}: the builder writes the same bytes`, () => {
      const built = buildFstMap(vector.entries.map(([page, value]) => ({ key: pageKey(Number(page)), value })));
      expect(Buffer.from(built).equals(Buffer.from(vector.bytes))).toBe(true);
    });
  }

  it('a missing page is not found', () => {
    const map = FstMap.decode(buildFstMap([{ key: pageKey(2), value: 7n }]));
    expect(map.get(pageKey(3))).toBeUndefined();
    expect(map.get(pageKey(2))).toBe(7n);
  });

  it('a flipped byte fails the CRC-32C trailer', () => {
    const twoPages = vectors.find((v) => v.name === 'two-pages');
    if (!twoPages) throw new Error('vector missing');
    const bytes = Uint8Array.from(twoPages.bytes);
    bytes[20] = (bytes[20] ?? 0) ^ 1;
    expect(() => FstMap.decode(bytes)).toThrow(expect.objectContaining({ code: 'INDEX_CHECKSUM' }));
    expect(() => FstMap.decode(bytes.subarray(0, 30))).toThrow(expect.objectContaining({ code: 'INDEX_CHECKSUM' }));
  });

  it('round-trips arbitrary page maps', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: 0xffffffff }), { maxLength: 400 }),
        fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
        (pages, big) => {
          const entries = [...pages]
            .sort((a, b) => a - b)
            .map((page, i) => ({ key: pageKey(page), value: i % 7 === 0 ? big : BigInt(i) }));
          const map = FstMap.decode(buildFstMap(entries));
          const expected = entries.map((e): [bigint, bigint] => [BigInt(pageOfKey(e.key) ?? -1), e.value]);
          expect(entriesOf(map)).toEqual(expected);
          expect(numericEntriesOf(map)).toEqual(asNumbers(expected));
        },
      ),
      { numRuns: 200 },
    );
  });
});
