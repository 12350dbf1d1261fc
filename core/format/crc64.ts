/**
 * CRC-64/GO-ISO (width 64, polynomial 0x1B, reflected, init and xorout all ones; check value of
 * "123456789" 0xB90956C775A41001), the checksum of sqld's replication log. JavaScript numbers
 * hold 32 bits for bitwise work, so the 64-bit register is two u32 halves; no BigInt in the loop.
 * Slicing-by-8: eight table lookups per 8 bytes instead of one lookup per byte.
 */

/** The register as two halves: `hi` is bits 63..32, `lo` bits 31..0. */
export interface Crc64 {
  hi: number;
  lo: number;
}

/** The reflected polynomial 0xD800000000000000: only the high half is non-zero. */
const POLY_HI = 0xd8000000;

/**
 * Tables 0..7 of slicing-by-8, each 256 entries, the halves kept in two arrays. Table t holds
 * the register after byte n and then t zero bytes, so one run of bit steps per byte fills all
 * eight: each further 8 steps is one more zero byte.
 */
const { TABLE_HI, TABLE_LO } = (() => {
  const hi = new Uint32Array(8 * 256);
  const lo = new Uint32Array(8 * 256);
  for (let n = 0; n < 256; n++) {
    let h = 0;
    let l = n;
    for (let t = 0; t < 8; t++) {
      for (let k = 0; k < 8; k++) {
        const carry = l & 1;
        l = ((l >>> 1) | ((h & 1) << 31)) >>> 0;
        h = h >>> 1;
        if (carry) h = (h ^ POLY_HI) >>> 0;
      }
      hi[t * 256 + n] = h;
      lo[t * 256 + n] = l;
    }
  }
  return { TABLE_HI: hi, TABLE_LO: lo };
})();

/** The register after `bytes[start, end)`, reflected form, no final XOR. */
export function crc64Register(register: Crc64, bytes: Uint8Array, start: number, end: number): Crc64 {
  let hi = register.hi | 0;
  let lo = register.lo | 0;
  let i = start;
  const th = TABLE_HI;
  const tl = TABLE_LO;
  for (; i + 8 <= end; i += 8) {
    const a =
      lo ^
      ((bytes[i] as number) |
        ((bytes[i + 1] as number) << 8) |
        ((bytes[i + 2] as number) << 16) |
        ((bytes[i + 3] as number) << 24));
    const b =
      hi ^
      ((bytes[i + 4] as number) |
        ((bytes[i + 5] as number) << 8) |
        ((bytes[i + 6] as number) << 16) |
        ((bytes[i + 7] as number) << 24));
    const i7 = 7 * 256 + (a & 0xff);
    const i6 = 6 * 256 + ((a >>> 8) & 0xff);
    const i5 = 5 * 256 + ((a >>> 16) & 0xff);
    const i4 = 4 * 256 + (a >>> 24);
    const i3 = 3 * 256 + (b & 0xff);
    const i2 = 2 * 256 + ((b >>> 8) & 0xff);
    const i1 = 256 + ((b >>> 16) & 0xff);
    const i0 = b >>> 24;
    hi =
      (th[i7] as number) ^
      (th[i6] as number) ^
      (th[i5] as number) ^
      (th[i4] as number) ^
      (th[i3] as number) ^
      (th[i2] as number) ^
      (th[i1] as number) ^
      (th[i0] as number);
    lo =
      (tl[i7] as number) ^
      (tl[i6] as number) ^
      (tl[i5] as number) ^
      (tl[i4] as number) ^
      (tl[i3] as number) ^
      (tl[i2] as number) ^
      (tl[i1] as number) ^
      (tl[i0] as number);
  }
  for (; i < end; i++) {
    const index = (lo ^ (bytes[i] as number)) & 0xff;
    lo = ((lo >>> 8) | (hi << 24)) ^ (tl[index] as number);
    hi = (hi >>> 8) ^ (th[index] as number);
  }
  return { hi: hi >>> 0, lo: lo >>> 0 };
}

function reverse32(x: number): number {
  let v = x >>> 0;
  v = ((v >>> 1) & 0x55555555) | ((v & 0x55555555) << 1);
  v = ((v >>> 2) & 0x33333333) | ((v & 0x33333333) << 2);
  v = ((v >>> 4) & 0x0f0f0f0f) | ((v & 0x0f0f0f0f) << 4);
  v = ((v >>> 8) & 0x00ff00ff) | ((v & 0x00ff00ff) << 8);
  return ((v >>> 16) | (v << 16)) >>> 0;
}

/**
 * What the `crc` crate's `digest_with_initial(initial)` then `update(bytes)` and `finalize()`
 * give: the register is loaded with the initial value's bits REVERSED (the crate reflects a
 * custom init as it reflects input), and the final value XORed with all ones. So chaining a
 * checksum into the next is not continuing one CRC; it is this, with `initial` the previous one.
 */
export function crc64WithInitial(initial: Crc64, bytes: Uint8Array, start = 0, end = bytes.length): Crc64 {
  const register = crc64Register({ hi: reverse32(initial.lo), lo: reverse32(initial.hi) }, bytes, start, end);
  return { hi: ~register.hi >>> 0, lo: ~register.lo >>> 0 };
}

/** The standard CRC-64/GO-ISO of `bytes` (init all ones, whose reversal is itself). */
export function crc64GoIso(bytes: Uint8Array): Crc64 {
  return crc64WithInitial({ hi: 0xffffffff, lo: 0xffffffff }, bytes);
}

export function crc64ToBigInt(value: Crc64): bigint {
  return (BigInt(value.hi) << 32n) | BigInt(value.lo);
}

export function crc64FromBigInt(value: bigint): Crc64 {
  return { hi: Number((value >> 32n) & 0xffffffffn), lo: Number(value & 0xffffffffn) };
}

export function crc64Equal(a: Crc64, b: Crc64): boolean {
  return a.hi === b.hi && a.lo === b.lo;
}
