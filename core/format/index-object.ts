import { crc32 } from './crc32.js';
import { decodeHeader, encodeHeader, field, headerTable } from './header-fields.js';
import type { ProblemLog } from './problem.js';
import { LIBSQL_MAGIC } from './sealed-segment.js';
import { hex32 } from './hex32.js';

/**
 * The index object stored beside each segment in a libsql-wal bucket (docs/formats/libsql-wal.md): a 22-byte
 * header (magic, version 1, fst length, CRC-32 of the fst), then the fst itself.
 */
export const INDEX_OBJECT_HEADER_SIZE = 22;

/** Index objects are small; anything larger is not one libsql-wal wrote. */
export const MAX_INDEX_OBJECT = 64 << 20;

const INDEX_OBJECT_HEADER = headerTable("an index object's header", INDEX_OBJECT_HEADER_SIZE, {
  magic: field(0, 'u64'),
  version: field(8, 'u16'),
  length: field(10, 'u64'),
  checksum: field(18, 'u32'),
});

export interface IndexObjectHeader {
  magic: bigint;
  version: number;
  length: bigint;
  checksum: number;
}

export function decodeIndexObjectHeader(bytes: Uint8Array): IndexObjectHeader | null {
  return bytes.length < INDEX_OBJECT_HEADER_SIZE ? null : decodeHeader(INDEX_OBJECT_HEADER, bytes);
}

export function encodeIndexObject(fst: Uint8Array): Uint8Array {
  const out = new Uint8Array(INDEX_OBJECT_HEADER_SIZE + fst.length);
  const header = { magic: LIBSQL_MAGIC, version: 1, length: BigInt(fst.length), checksum: crc32(fst) };
  out.set(encodeHeader(INDEX_OBJECT_HEADER, header));
  out.set(fst, INDEX_OBJECT_HEADER_SIZE);
  return out;
}

export function looksIndexObject(head: Uint8Array, size: bigint): boolean {
  const h = decodeIndexObjectHeader(head);
  return (
    h !== null && h.magic === LIBSQL_MAGIC && h.version === 1 && h.length === size - BigInt(INDEX_OBJECT_HEADER_SIZE)
  );
}

/**
 * The header's every field held to what libsql-wal writes (it checks only magic and version), the
 * problems logged; the header and the fst after it, or null where the bytes are shorter than a header.
 */
export function readIndexObject(
  bytes: Uint8Array,
  log: ProblemLog,
): { header: IndexObjectHeader; fst: Uint8Array; computed: number } | null {
  const header = decodeIndexObjectHeader(bytes);
  if (!header) {
    log.add(
      'TRUNCATED_SEGMENT',
      `it is ${bytes.length} bytes, shorter than the ${INDEX_OBJECT_HEADER_SIZE}-byte index header`,
    );
    return null;
  }
  if (header.magic !== LIBSQL_MAGIC)
    log.add('BAD_MAGIC', `the magic is 0x${header.magic.toString(16)}, not LIBSQL_MAGIC`);
  if (header.version !== 1) log.add('BAD_VERSION', `index version ${header.version}; libsql-wal writes 1`);
  const fst = bytes.subarray(INDEX_OBJECT_HEADER_SIZE);
  if (BigInt(fst.length) !== header.length)
    log.add('TRUNCATED_SEGMENT', `the header says the index is ${header.length} bytes but ${fst.length} follow it`);
  const computed = crc32(fst);
  if (computed !== header.checksum)
    log.add(
      'INDEX_CHECKSUM',
      `the index's CRC-32 is ${hex32(computed)} but the header stores ${hex32(header.checksum)}`,
    );
  return { header, fst, computed };
}
