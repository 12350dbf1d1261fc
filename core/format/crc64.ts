/**
 * CRC-64/GO-ISO (width 64, polynomial 0x1B, reflected, init and xorout all ones; check value of
 * "123456789" 0xB90956C775A41001), the checksum of sqld's replication log. JavaScript numbers
 * hold 32 bits for bitwise work, so the 64-bit register is two u32 halves; no BigInt in the loop.
 *
 * No tables. A reflected bit step is R = (R >> 1) ^ (bit 0 of R ? P : 0) with P = 0xD800000000000000,
 * whose lowest set bit is 59. A copy of P injected during a run of 32 steps moves down at most 31
 * places, so it never reaches bit 0 within the run: the 32 bits shifted out are exactly the low
 * word t the run started with (input already XORed in). The run is therefore
 *   R' = (R >> 32) ^ sum over set bits k of t of (P >> (31 - k)) = (R >> 32) ^ clmul(t, 0xD8) << 25,
 * and clmul(t, 0xD8) << 25 = t<<32 ^ t<<31 ^ t<<29 ^ t<<28 as a 64-bit value (0xD8 is bits 7, 6,
 * 4, 3), nothing lost. A byte is the same with 8 steps: R' = (R >> 8) ^ clmul(t, 0xD8) << 49.
 * The loop's 8-byte step is two such runs, worked out in runRegister. It is bound by its shifts
 * and XORs, not by the chain from one step to the next: two halves of a page run interleaved
 * measured no faster.
 */

/** The register as two halves: `hi` is bits 63..32, `lo` bits 31..0. */
export interface Crc64 {
  hi: number;
  lo: number;
}

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** Words for input that cannot be viewed in place (not 4-byte aligned, or a big-endian machine). */
let scratch = new Int32Array(1024);
/** Views of the last two buffers seen (a scan reads through two that go round): one view a frame cost a GC a frame. */
const views: Int32Array[] = [];

/** Where wordsOf's words start (a second result, without an object a call). */
let wordsFrom = 0;

/**
 * The input's 8-byte steps as little-endian 32-bit words, from `words[wordsFrom]` on: two word
 * loads a step instead of eight byte loads and six shifts. A page is 4-byte aligned in the chunks
 * a scan reads, so it is read in place; anything else is copied first.
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
  const steps = (end - start) >>> 3;
  const words = wordsOf(bytes, start, steps * 2);
  const from = wordsFrom;
  for (let w = from; w < from + steps * 2; w += 2) {
    // Two runs of 32 steps on t = (th, tl), the register with the word pair XORed in. With
    // L(t) = (t<<31 ^ t<<29 ^ t<<28) mod 2^32 and H(t) = t ^ t>>>1 ^ t>>>3 ^ t>>>4, the first leaves
    // lo = th ^ L(tl), hi = H(tl); the second lo = H(tl) ^ L(th ^ L(tl)), hi = H(th ^ L(tl)).
    // L(L(x)) shifts x by 56 or more, so it is 0: lo = H(tl) ^ L(th). 0xD8 is x^3 (1 + x)(1 + x^3),
    // so L(t) is (a<<28 ^ a<<29) with a = t ^ t<<3, and H(t) is (s ^ s>>>3) with s = t ^ t>>>1.
    const tl = lo ^ (words[w] as number);
    const th = hi ^ (words[w + 1] as number);
    const a = tl ^ (tl << 3);
    const u = th ^ ((a << 28) ^ (a << 29));
    const s = tl ^ (tl >>> 1);
    const b = th ^ (th << 3);
    lo = s ^ (s >>> 3) ^ ((b << 28) ^ (b << 29));
    const v = u ^ (u >>> 1);
    hi = v ^ (v >>> 3);
  }
  for (let i = start + steps * 8; i < end; i++) {
    const t = (lo ^ (bytes[i] as number)) & 0xff;
    lo = (lo >>> 8) | (hi << 24);
    hi = (hi >>> 8) ^ (t << 24) ^ (t << 23) ^ (t << 21) ^ (t << 20);
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

export function crc64ToBigInt(value: Crc64): bigint {
  return (BigInt(value.hi) << 32n) | BigInt(value.lo);
}

export function crc64FromBigInt(value: bigint): Crc64 {
  return { hi: Number((value >> 32n) & 0xffffffffn), lo: Number(value & 0xffffffffn) };
}
