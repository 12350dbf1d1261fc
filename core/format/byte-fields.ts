/**
 * Numeric fields in bytes, which every format reads: a DataView over exactly a Uint8Array's
 * bytes, and the little-endian integers hot paths read straight from the bytes without one.
 */

export function viewOf(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** A little-endian u32 read straight from the bytes: hot paths read one per frame without a DataView. */
export function u32le(bytes: Uint8Array, at: number): number {
  return (
    ((bytes[at] ?? 0) | ((bytes[at + 1] ?? 0) << 8) | ((bytes[at + 2] ?? 0) << 16) | ((bytes[at + 3] ?? 0) << 24)) >>> 0
  );
}

/**
 * A little-endian u64 as a double while it is exact (below 2^53), else NaN: hot paths compare
 * frame numbers without making a bigint, and make one (u64le) only where NaN says they must.
 */
export function u64leExact(bytes: Uint8Array, at: number): number {
  const high = u32le(bytes, at + 4);
  return high < 0x200000 ? high * 0x100000000 + u32le(bytes, at) : Number.NaN;
}

/** A little-endian u64 as a bigint, without a DataView. */
export function u64le(bytes: Uint8Array, at: number): bigint {
  return (BigInt(u32le(bytes, at + 4)) << 32n) | BigInt(u32le(bytes, at));
}
