import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeWire, encodeWire } from '../../core/transport/codec.js';

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
    const leaf = fc.oneof(fc.bigInt(), fc.string(), fc.double({ noNaN: true, noDefaultInfinity: true }).filter((d) => !Object.is(d, -0)), fc.boolean(), fc.constant(null), fc.uint8Array({ maxLength: 8 }));
    const tree = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, leaf, fc.array(tie('node'), { maxLength: 4 }), fc.dictionary(fc.string({ maxLength: 6 }), tie('node'), { maxKeys: 4 })),
    })).node;
    fc.assert(
      fc.property(tree, (value) => {
        expect(decodeWire(encodeWire(value))).toEqual(value);
      }),
      { numRuns: 300 },
    );
  });
});
