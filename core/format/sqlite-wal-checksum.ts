/**
 * SQLite's WAL checksum (https://sqlite.org/fileformat2.html#walformat), shared by the WAL file
 * `data-wal` and bottomless's batches of WAL frames: the bytes read as u32 words in the byte
 * order the WAL's magic names, two at a time, `s0 += x[i] + s1; s1 += x[i + 1] + s0` (mod 2^32),
 * starting from a given pair. The length must be a multiple of 8. What a frame's sum covers is
 * the frame's business: walFrameChecksum in sqlite-wal.ts.
 */
export interface WalChecksum {
  s0: number;
  s1: number;
}

/** `0x377f0683`: checksums over big-endian words; `0x377f0682`: little-endian ones. */
export const WAL_MAGIC_BIG_ENDIAN = 0x377f0683;
export const WAL_MAGIC_LITTLE_ENDIAN = 0x377f0682;

export function isWalMagic(magic: number): boolean {
  return magic === WAL_MAGIC_BIG_ENDIAN || magic === WAL_MAGIC_LITTLE_ENDIAN;
}

/** The pair after `bytes[start, end)`, continuing from `from` ({0, 0} for a WAL header). */
// Positional on purpose: called once per frame, where an options object would be an allocation a frame.
export function walChecksum(
  bytes: Uint8Array,
  start: number,
  end: number,
  bigEndian: boolean,
  from: WalChecksum = { s0: 0, s1: 0 },
): WalChecksum {
  if ((end - start) % 8 !== 0) throw new RangeError(`a WAL checksum covers a multiple of 8 bytes, got ${end - start}`);
  let s0 = from.s0;
  let s1 = from.s1;
  // Word reads without a DataView: this runs over every page of a WAL, 4 KiB at a time.
  if (bigEndian) {
    for (let i = start; i < end; i += 8) {
      const a =
        ((bytes[i] as number) << 24) |
        ((bytes[i + 1] as number) << 16) |
        ((bytes[i + 2] as number) << 8) |
        (bytes[i + 3] as number);
      const b =
        ((bytes[i + 4] as number) << 24) |
        ((bytes[i + 5] as number) << 16) |
        ((bytes[i + 6] as number) << 8) |
        (bytes[i + 7] as number);
      s0 = (s0 + a + s1) | 0;
      s1 = (s1 + b + s0) | 0;
    }
  } else {
    for (let i = start; i < end; i += 8) {
      const a =
        (bytes[i] as number) |
        ((bytes[i + 1] as number) << 8) |
        ((bytes[i + 2] as number) << 16) |
        ((bytes[i + 3] as number) << 24);
      const b =
        (bytes[i + 4] as number) |
        ((bytes[i + 5] as number) << 8) |
        ((bytes[i + 6] as number) << 16) |
        ((bytes[i + 7] as number) << 24);
      s0 = (s0 + a + s1) | 0;
      s1 = (s1 + b + s0) | 0;
    }
  }
  return { s0: s0 >>> 0, s1: s1 >>> 0 };
}
