/**
 * CRC-64/GO-ISO (width 64, polynomial 0x1B, reflected, init and xorout all ones; check value of
 * "123456789" 0xB90956C775A41001), the checksum of sqld's replication log. JavaScript numbers
 * hold 32 bits for bitwise work, so the 64-bit register is two u32 halves; no BigInt in the loop.
 * Slicing-by-8: eight table lookups per 8 bytes instead of one lookup per byte, read as two
 * 32-bit words. The step is bound by its loads, not by the chain from one step to the next:
 * slicing-by-16, two frames interleaved and 16-bit tables (2 MiB, out of cache) measured no
 * faster; fewer loads did (see runRegister).
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
 * eight: each further 8 steps is one more zero byte. Signed 32-bit entries: the register's
 * halves stay small integers for the compiler, never numbers above 2^31. Built on the first
 * checksum, not when the module loads: every command's bundle loads this module and few take a
 * CRC-64, and its 16,384 bit steps, run before the compiler has warmed up, were a seventh of
 * what `meta` adds to Node's own start.
 */
let tables: { hi: Int32Array; lo: Int32Array } | null = null;

function buildTables(): { hi: Int32Array; lo: Int32Array } {
  const hi = new Int32Array(8 * 256);
  const lo = new Int32Array(8 * 256);
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
  return { hi, lo };
}

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** Words for input that cannot be viewed in place (not 4-byte aligned, or a big-endian machine). */
let scratch = new Int32Array(1024);
/** Views of the last two buffers seen (a scan reads through two that go round): one view a frame cost a GC a frame. */
const views: Int32Array[] = [];

/** Where wordsOf's words start (a second result, without an object a call). */
let wordsFrom = 0;

/**
 * The input's 8-byte steps as little-endian 32-bit words, from `words[wordsFrom]` on. Two word loads a
 * step instead of eight byte loads and six shifts: the step costs 30% less (a page is 4-byte
 * aligned in the chunks a scan reads, so it is read in place; anything else is copied first).
 */
function wordsOf(bytes: Uint8Array, start: number, count: number): Int32Array {
  const at = bytes.byteOffset + start;
  if (LITTLE_ENDIAN && (at & 3) === 0) {
    let words = views.find((v) => v.buffer === bytes.buffer);
    if (!words) {
      words = new Int32Array(bytes.buffer, 0, bytes.buffer.byteLength >>> 2);
      views.unshift(words);
      views.length = Math.min(views.length, 2);
    }
    wordsFrom = at >>> 2;
    return words;
  }
  if (scratch.length < count) scratch = new Int32Array(count);
  const view = new DataView(bytes.buffer, at, count * 4);
  for (let w = 0; w < count; w++) scratch[w] = view.getInt32(w * 4, true);
  wordsFrom = 0;
  return scratch;
}

/**
 * The register after `bytes[start, end)`, reflected form, no final XOR, left in registerHi and
 * registerLo: a verify runs this once a 4 KiB frame, and an object a call cost it a collection
 * every few milliseconds.
 */
let registerHi = 0;
let registerLo = 0;
function runRegister(startHi: number, startLo: number, bytes: Uint8Array, start: number, end: number): void {
  let hi = startHi | 0;
  let lo = startLo | 0;
  tables ??= buildTables();
  const th = tables.hi;
  const tl = tables.lo;
  const steps = (end - start) >>> 3;
  const words = wordsOf(bytes, start, steps * 2);
  const from = wordsFrom;
  for (let w = from; w < from + steps * 2; w += 2) {
    const a = lo ^ (words[w] as number);
    const b = hi ^ (words[w + 1] as number);
    const i7 = 7 * 256 + (a & 0xff);
    const i6 = 6 * 256 + ((a >>> 8) & 0xff);
    const i5 = 5 * 256 + ((a >>> 16) & 0xff);
    const i4 = 4 * 256 + (a >>> 24);
    const i3 = 3 * 256 + (b & 0xff);
    const i2 = 2 * 256 + ((b >>> 8) & 0xff);
    const i1 = 256 + ((b >>> 16) & 0xff);
    const i0 = b >>> 24;
    // The reflected polynomial has bits 63..59 only, so a byte's step XORs into bits 63..52 and
    // tables 0-2 never touch the low half, tables 4-6 never the high one (table 3 straddles,
    // table 7 wraps round): 10 loads a step instead of 16, a fifth faster.
    hi = (th[i7] as number) ^ (th[i3] as number) ^ (th[i2] as number) ^ (th[i1] as number) ^ (th[i0] as number);
    lo = (tl[i7] as number) ^ (tl[i6] as number) ^ (tl[i5] as number) ^ (tl[i4] as number) ^ (tl[i3] as number);
  }
  for (let i = start + steps * 8; i < end; i++) {
    const index = (lo ^ (bytes[i] as number)) & 0xff;
    lo = ((lo >>> 8) | (hi << 24)) ^ (tl[index] as number);
    hi = (hi >>> 8) ^ (th[index] as number);
  }
  registerHi = hi;
  registerLo = lo;
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
  const out = { hi: 0, lo: 0 };
  crc64WithInitialInto(out, initial, bytes, start, end);
  return out;
}

/** The same, written into `out` (which may be `initial`): no allocation, for a loop over frames. */
export function crc64WithInitialInto(out: Crc64, initial: Crc64, bytes: Uint8Array, start: number, end: number): void {
  runRegister(reverse32(initial.lo), reverse32(initial.hi), bytes, start, end);
  out.hi = ~registerHi >>> 0;
  out.lo = ~registerLo >>> 0;
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
