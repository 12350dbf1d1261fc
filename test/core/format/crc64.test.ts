import { describe, expect, it } from 'vitest';
import { type Crc64, crc64FromBigInt, crc64ToBigInt, crc64WithInitial } from '../../../core/format/crc64.js';

const MASK = (1n << 64n) - 1n;

/** The standard CRC-64/GO-ISO of `bytes`: its init is all ones, whose reversal is itself. */
const crc64GoIso = (bytes: Uint8Array): Crc64 => crc64WithInitial({ hi: 0xffffffff, lo: 0xffffffff }, bytes);

/** The definition, one bit step at a time with BigInt: slow and obvious, a check of the shift-based code. */
function bitwise(initialRegister: bigint, bytes: Uint8Array): bigint {
  let reg = initialRegister;
  for (const byte of bytes) {
    reg ^= BigInt(byte);
    for (let k = 0; k < 8; k++) reg = reg & 1n ? (reg >> 1n) ^ 0xd800000000000000n : reg >> 1n;
  }
  return reg ^ MASK;
}

function reverse64(x: bigint): bigint {
  let out = 0n;
  for (let i = 0n; i < 64n; i++) if ((x >> i) & 1n) out |= 1n << (63n - i);
  return out;
}

function pseudoRandom(length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed >>> 0;
  for (let i = 0; i < length; i++) {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

describe('CRC-64/GO-ISO', () => {
  it('gives the catalogue check value for "123456789"', () => {
    expect(crc64ToBigInt(crc64GoIso(new TextEncoder().encode('123456789')))).toBe(0xb90956c775a41001n);
  });

  it('matches the bit-at-a-time definition at every length from 0 to 64 bytes', () => {
    const bytes = pseudoRandom(64, 21);
    for (let length = 0; length <= 64; length++) {
      const part = bytes.subarray(0, length);
      expect(crc64ToBigInt(crc64GoIso(part)), `length ${length}`).toBe(bitwise(MASK, part));
    }
  });

  it('continues across calls split at every offset, aligned or not', () => {
    const bytes = pseudoRandom(100, 23);
    for (const shift of [0, 1, 2, 3]) {
      const holder = new Uint8Array(bytes.length + 8);
      holder.set(bytes, shift);
      const whole = holder.subarray(shift, shift + bytes.length);
      const want = bitwise(MASK, bytes);
      for (let split = 0; split <= bytes.length; split++) {
        const first = crc64ToBigInt(crc64GoIso(whole.subarray(0, split)));
        // The seed a call takes is bit-reversed into the register and its result inverted, so
        // the register after the first part is seeded back as reverse(~first).
        const seed = crc64FromBigInt(reverse64(first ^ MASK));
        const got = crc64ToBigInt(crc64WithInitial(seed, whole, split, whole.length));
        expect(got, `shift ${shift}, split at ${split}`).toBe(want);
      }
    }
  });

  it('of nothing is the initial value run through the final XOR', () => {
    expect(crc64ToBigInt(crc64GoIso(new Uint8Array(0)))).toBe(0n);
  });

  it('seeds the register with the initial value bit-reversed, as digest_with_initial does', () => {
    for (const [length, seed] of [
      [0, 1],
      [1, 2],
      [7, 3],
      [8, 4],
      [13, 5],
      [4096, 6],
    ] as const) {
      const bytes = pseudoRandom(length, seed);
      for (const initial of [0n, 1n, 0x8000000000000000n, 0x0123456789abcdefn, MASK]) {
        const got = crc64ToBigInt(crc64WithInitial(crc64FromBigInt(initial), bytes));
        expect(got, `length ${length}, initial ${initial}`).toBe(bitwise(reverse64(initial), bytes));
      }
    }
  });

  it('a chain seeded with 0 starts from register 0, not the standard all-ones register', () => {
    const page = pseudoRandom(4096, 9);
    expect(crc64ToBigInt(crc64WithInitial({ hi: 0, lo: 0 }, page))).toBe(bitwise(0n, page));
    expect(crc64ToBigInt(crc64WithInitial({ hi: 0, lo: 0 }, page))).not.toBe(crc64ToBigInt(crc64GoIso(page)));
  });

  it('covers only the range it is given', () => {
    const bytes = pseudoRandom(100, 11);
    const initial = crc64FromBigInt(0xfeedn);
    expect(crc64WithInitial(initial, bytes, 3, 91)).toEqual(crc64WithInitial(initial, bytes.subarray(3, 91)));
  });

  it('gives the same wherever the bytes lie in their buffer: 4-byte aligned, not, or in a pooled Buffer', () => {
    const page = pseudoRandom(4096 + 5, 13);
    const want = bitwise(0x1234n, page.subarray(0, 4096));
    const initial = crc64FromBigInt(reverse64(0x1234n));
    for (const shift of [0, 1, 2, 3, 4, 5]) {
      const holder = new Uint8Array(4096 + 16);
      holder.set(page.subarray(0, 4096), shift);
      expect(crc64ToBigInt(crc64WithInitial(initial, holder, shift, shift + 4096)), `shift ${shift}`).toBe(want);
    }
    // Node hands out small Buffers from a shared pool, at whatever offset is next.
    Buffer.from('x');
    const pooled = Buffer.from(page.subarray(0, 3001));
    expect(crc64ToBigInt(crc64WithInitial(initial, pooled))).toBe(bitwise(0x1234n, page.subarray(0, 3001)));
  });
});
