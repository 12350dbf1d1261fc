import { viewOf } from './byte-fields.js';

/**
 * What the reader (fst.ts) and the builder (fst-builder.ts) of fst maps share.
 *
 * The fst map format of the `fst` crate 0.4.7, version 3 (docs/formats/libsql-wal.md): libsql-wal's page
 * indexes. A map is a byte array of nodes written bottom-up, each addressed by its LAST byte and
 * read backwards from there; transitions point to strictly lower addresses, so every walk ends.
 * Layout: version u64, type u64, nodes…, key count u64, root address u64, masked CRC-32C u32.
 */
export const FST_VERSION = 3n;
export const EMPTY_ADDRESS = 0;
/** Never a node's address: the builder's "no node compiled yet". */
export const NONE_ADDRESS = 1;
export const PREAMBLE = 16;
export const TRAILER = 20;
/** Nodes with more transitions than this carry a 256-byte lookup table (versions >= 2). */
export const TRANS_INDEX_THRESHOLD = 32;

/**
 * The 63 input bytes the crate encodes inside a state byte (index 1..63), most common first.
 * A fixed property of the format: an input outside this list takes a byte of its own.
 */
const COMMON_INPUTS = 'te/oasripcnw.hlm-du012g=:bf3y5&_4v9678k%?xCDASFIBEjPTzRNM+LOqHG';
export const COMMON_INDEX = (() => {
  const index = new Uint8Array(256);
  for (let i = 0; i < COMMON_INPUTS.length; i++) index[COMMON_INPUTS.charCodeAt(i)] = i + 1;
  return index;
})();

export function commonInput(index: number): number | null {
  return index === 0 ? null : COMMON_INPUTS.charCodeAt(index - 1);
}

export interface FstEntry {
  key: Uint8Array;
  value: bigint;
}

export const KIND_EMPTY = 0;
/** One transition to the node written just before this one, no output. */
export const KIND_NEXT = 1;
/** One transition with its own target and output. */
export const KIND_ONE = 2;
export const KIND_ANY = 3;

/** libsql-wal's keys: a page number as 4 big-endian bytes. */
export function pageKey(pageNo: number): Uint8Array {
  const key = new Uint8Array(4);
  viewOf(key).setUint32(0, pageNo, false);
  return key;
}
