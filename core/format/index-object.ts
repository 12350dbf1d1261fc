import { crc32 } from './crc32.js';
import { decodeHeader, encodeHeader, field, headerTable } from './header-fields.js';
import { LIBSQL_MAGIC } from './sealed-segment.js';

/**
 * The index object stored beside each segment in a libsql-wal bucket (docs/formats/libsql-wal.md): a 22-byte
 * header (magic, version 1, fst length, CRC-32 of the fst), then the fst itself.
 */
export const INDEX_OBJECT_HEADER_SIZE = 22;

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
