import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sortOrder, startKeys } from '../../../core/layouts/sort-order.js';

describe('sortOrder', () => {
  it('is the stable sort by key, ties decided by the tie-breaker, for any rows', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ key: fc.integer({ min: 0, max: 20 }), tie: fc.integer({ min: 0, max: 3 }) }), {
          maxLength: 300,
        }),
        (rows) => {
          const keys = Float64Array.from(rows, (r) => r.key);
          const order = sortOrder(keys, (a, b) => (rows[a]?.tie ?? 0) - (rows[b]?.tie ?? 0));
          const expected = rows
            .map((_, i) => i)
            .sort(
              (a, b) => (rows[a]?.key ?? 0) - (rows[b]?.key ?? 0) || (rows[a]?.tie ?? 0) - (rows[b]?.tie ?? 0) || a - b,
            );
          expect([...order]).toEqual(expected);
        },
      ),
    );
  });

  it('keys u64 starts as doubles that keep their order, equal only where they round alike', () => {
    const keys = startKeys(BigUint64Array.from([2n ** 64n - 1n, 5n, 2n ** 64n - 2n, 0n]));
    expect([...keys]).toEqual([2 ** 64, 5, 2 ** 64, 0]);
    expect([...sortOrder(keys, (a, b) => a - b)]).toEqual([3, 1, 0, 2]);
  });
});
