import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeWire, encodeWire } from '../../../core/transport/codec.js';

describe("the browser mode's wire format", () => {
  it('carries bigints of every size and bytes through, nested at any depth', () => {
    const value = {
      segments: [{ startFrameNo: 1n, endFrameNo: (1n << 64n) - 1n, size: 0n, createdAt: null }],
      deep: [[[-5n, new Uint8Array([0, 255, 7])]]],
      plain: { n: 1.5, s: 'text', t: true },
    };
    expect(decodeWire(encodeWire(value))).toEqual(value);
  });

  it('leaves objects that only resemble a tag as they are', () => {
    const lookalikes = [{ $bigint: 'twelve' }, { $bigint: '12', other: 1 }, { $bytes: 3 }, { $bigint: 12 }];
    expect(decodeWire(JSON.stringify(lookalikes))).toEqual(lookalikes);
  });

  it('round-trips arbitrary JSON-shaped values with bigints', () => {
    const leaf = fc.oneof(
      fc.bigInt(),
      fc.string(),
      fc.double({ noNaN: true, noDefaultInfinity: true }).filter((d) => !Object.is(d, -0)),
      fc.boolean(),
      fc.constant(null),
      fc.uint8Array({ maxLength: 8 }),
    );
    const tree = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        leaf,
        fc.array(tie('node'), { maxLength: 4 }),
        fc.dictionary(fc.string({ maxLength: 6 }), tie('node'), { maxKeys: 4 }),
      ),
    })).node;
    fc.assert(
      fc.property(tree, (value) => {
        expect(decodeWire(encodeWire(value))).toEqual(value);
      }),
      { numRuns: 300 },
    );
  });

  it('sends a long array of objects of one shape as columns, keys once, and brings every row back', () => {
    const segments = Array.from({ length: 40 }, (_, i) => ({
      file: `seg-${i}`,
      startFrameNo: BigInt(i) * 10n + 1n,
      endFrameNo: (1n << 64n) - BigInt(i) - 1n,
      createdAt: i % 3 ? '2024-07-01T00:00:00.000Z' : null,
      size: 4096n,
      extra: i % 2 ? { nested: BigInt(i), bytes: new Uint8Array([i]) } : null,
    }));
    const text = encodeWire({ segments });
    expect(text).toContain('"$table"');
    expect(text.split('"startFrameNo"').length - 1).toBe(1);
    expect(text).toContain('{"$bigints":["1","11","21"');
    const back = decodeWire(text) as { segments: typeof segments };
    expect(back).toEqual({ segments });
    expect(Object.keys(back.segments[7] ?? {})).toEqual(Object.keys(segments[7] ?? {}));
  });

  it(
    'sends rows one by one where columns would change them: other ' +
      'keys, another order, an undefined value, a __proto__ key, no keys',
    () => {
      const base = (i: number) => ({ a: i, b: BigInt(i) });
      const cases: unknown[][] = [
        Array.from({ length: 40 }, (_, i) => (i === 20 ? { a: i, c: 1n } : base(i))),
        Array.from({ length: 40 }, (_, i) => (i === 20 ? { b: 20n, a: 20 } : base(i))),
        Array.from({ length: 40 }, (_, i) => (i === 20 ? { a: undefined, b: 20n } : base(i))),
        Array.from({ length: 40 }, (_, i) => JSON.parse(`{"__proto__": {"polluted": ${i}}, "a": ${i}}`) as unknown),
        Array.from({ length: 40 }, () => ({})),
      ];
      for (const rows of cases) {
        const text = encodeWire(rows);
        expect(text).not.toContain('"$table"');
        // What JSON itself brings back (an undefined value dropped), with bigints kept.
        expect(decodeWire(text)).toEqual(
          JSON.parse(
            JSON.stringify(rows, (_, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v)),
            (_, v: unknown) => (typeof v === 'string' && /^-?[0-9]+n$/.test(v) ? BigInt(v.slice(0, -1)) : v),
          ),
        );
      }
      expect(({} as { polluted?: number }).polluted).toBeUndefined();
    },
  );

  it('leaves what only resembles a table as it is (a request body is read with the same codec)', () => {
    const lookalikes = [
      { $table: { rows: 2, keys: ['a'], columns: [[1]] } },
      { $table: { rows: 1, keys: ['__proto__'], columns: [[{ polluted: true }]] } },
      { $table: { rows: 1, keys: ['a', 'b'], columns: [[1]] } },
      { $table: { rows: -1, keys: [], columns: [] } },
      { $table: { rows: 1e9, keys: [], columns: [] } },
      { $table: { rows: 1, keys: ['a'], columns: [{ $bigints: ['x'] }] } },
      { $table: 'rows' },
    ];
    expect(decodeWire(JSON.stringify(lookalikes))).toEqual(lookalikes);
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
  });

  it('carries a column that mixes bigints with other scalars (a table column of them was sent untagged)', () => {
    const kinds = [0n, '', null, 0, false, 18446744073709551615n];
    const rows = Array.from({ length: 40 }, (_, i) => ({ cell: kinds[i % kinds.length] }));
    expect(decodeWire(encodeWire(rows))).toEqual(rows);
  });

  it('round-trips long arrays of same-shaped rows of arbitrary values', () => {
    const cell = fc.oneof(
      fc.bigInt(),
      fc.string(),
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
      fc.uint8Array({ maxLength: 4 }),
      fc.array(fc.bigInt(), { maxLength: 2 }),
    );
    const rows = fc
      .tuple(
        fc.uniqueArray(
          fc.string({ minLength: 1, maxLength: 5 }).filter((k) => k !== '__proto__'),
          { minLength: 1, maxLength: 4 },
        ),
        fc.integer({ min: 32, max: 60 }),
      )
      .chain(([keys, n]) =>
        fc
          .array(fc.tuple(...keys.map(() => cell)), { minLength: n, maxLength: n })
          .map((table) => table.map((cells) => Object.fromEntries(keys.map((k, i) => [k, cells[i]])))),
      );
    fc.assert(
      fc.property(rows, (value) => {
        expect(decodeWire(encodeWire(value))).toEqual(value);
      }),
      { numRuns: 100 },
    );
  });
});
