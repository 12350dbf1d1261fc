import { crc32 } from './crc32.js';
import { u32le } from './byte-fields.js';

/**
 * Checks a run of chained slots (a u32 checksum, then `frameSize` bytes whose CRC-32 seeded with
 * the previous checksum must equal the next one) with ONE native CRC-32 pass over the whole run
 * instead of a call per 4 KiB frame. CRC-32 is linear: the raw register over the run is predicted
 * from the stored checksums alone, with "advance over n zero bytes" done by table lookups, and
 * compared with the register actually computed. Equal means every link holds (but for a 2^-32
 * coincidence of cancelling damage); unequal sends the caller to the per-slot check, which says
 * which slot broke.
 */
const POLY = 0xedb88320;
const BYTE_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? POLY ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function step(register: number, byte: number): number {
  return ((BYTE_TABLE[(register ^ byte) & 0xff] ?? 0) ^ (register >>> 8)) >>> 0;
}

/** Slicing-by-4: the register over four data bytes (a little-endian word) in four lookups. */
const WORD_TABLES = (() => {
  const tables = [BYTE_TABLE];
  for (let k = 1; k < 4; k++) {
    const last = tables[k - 1] ?? BYTE_TABLE;
    tables.push(last.map((previous) => ((previous >>> 8) ^ (BYTE_TABLE[previous & 0xff] as number)) >>> 0));
  }
  return tables as [Uint32Array, Uint32Array, Uint32Array, Uint32Array];
})();

/**
 * A linear map on 32-bit registers as the images of its 32 basis bits; applying it XORs the
 * images of the bits set.
 */
type Operator = Uint32Array;

function apply(operator: Operator, value: number): number {
  let result = 0;
  for (let bit = 0, v = value >>> 0; v !== 0; bit++, v >>>= 1) if (v & 1) result ^= operator[bit] as number;
  return result >>> 0;
}

/** `outer` after `inner`. */
function compose(outer: Operator, inner: Operator): Operator {
  return inner.map((image) => apply(outer, image));
}

/**
 * The register advanced over `n` zero bytes, as an operator: the one-byte step squared as often
 * as n has bits (~13 times for a frame), not stepped n times per basis bit, which took ~9 ms of
 * every command that checks a chain before the compiler had warmed up.
 */
function zeroBytes(n: number): Operator {
  let power: Operator = Uint32Array.from({ length: 32 }, (_, bit) => step((1 << bit) >>> 0, 0));
  let result: Operator = Uint32Array.from({ length: 32 }, (_, bit) => (1 << bit) >>> 0);
  for (let left = n; left > 0; left = Math.floor(left / 2)) {
    if (left % 2 === 1) result = compose(power, result);
    power = compose(power, power);
  }
  return result;
}

/** Tables that advance a raw register over `n` zero bytes: four lookups instead of n steps. */
function zeroAdvance(n: number): Uint32Array[] {
  const basis = zeroBytes(n);
  return [0, 1, 2, 3].map((k) => {
    const table = new Uint32Array(256);
    for (let b = 0; b < 256; b++) {
      let v = 0;
      for (let bit = 0; bit < 8; bit++) if (b & (1 << bit)) v ^= basis[k * 8 + bit] ?? 0;
      table[b] = v >>> 0;
    }
    return table;
  });
}

const cache = new Map<number, Uint32Array[]>();

function tablesFor(frameSize: number): Uint32Array[] {
  let tables = cache.get(frameSize);
  if (!tables) {
    tables = zeroAdvance(frameSize);
    cache.set(frameSize, tables);
  }
  return tables;
}

/**
 * True when every slot of `run` (whole slots of 4 + frameSize bytes) satisfies
 * stored[i] == crc32(frame[i], stored[i-1]), with stored[-1] = `previous`.
 */
export function chainHolds(run: Uint8Array, frameSize: number, previous: number): boolean {
  const slotSize = 4 + frameSize;
  const slots = run.length / slotSize;
  // Per slot, a dozen table lookups: this loop runs a quarter of a million times a GiB.
  const [f0, f1, f2, f3] = tablesFor(frameSize) as [Uint32Array, Uint32Array, Uint32Array, Uint32Array];
  const [w0, w1, w2, w3] = WORD_TABLES;
  const advance = (v: number) =>
    ((f0[v & 0xff] as number) ^
      (f1[(v >>> 8) & 0xff] as number) ^
      (f2[(v >>> 16) & 0xff] as number) ^
      (f3[v >>> 24] as number)) >>>
    0;
  // The native pass first: the run is read from memory once, and the loop below finds the
  // checksums it reads already in the cache (the other way round, each slot's first bytes were a
  // cache miss of their own).
  const actual = ~crc32(run, 0xffffffff) >>> 0;
  let predicted = 0;
  let before = previous >>> 0;
  for (let i = 0; i < slots; i++) {
    const stored = u32le(run, i * slotSize);
    // The register over the 4 checksum bytes, then over the frame, whose raw CRC the link fixes.
    const x = (predicted ^ stored) >>> 0;
    const r =
      ((w3[x & 0xff] as number) ^
        (w2[(x >>> 8) & 0xff] as number) ^
        (w1[(x >>> 16) & 0xff] as number) ^
        (w0[x >>> 24] as number)) >>>
      0;
    const frameRaw = (~stored ^ advance(~before >>> 0)) >>> 0;
    predicted = (advance(r) ^ frameRaw) >>> 0;
    before = stored;
  }
  return actual === predicted;
}
