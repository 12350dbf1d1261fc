import { crc32 } from './crc32.js';
import { viewOf } from './frame.js';
import { LIBSQL_MAGIC } from './sealed-segment.js';

/**
 * The index object stored beside each segment in a libsql-wal bucket (docs/formats/libsql-wal.md): a 22-byte
 * header (magic, version 1, fst length, CRC-32 of the fst), then the fst itself.
 */
export const INDEX_OBJECT_HEADER_SIZE = 22;

export interface IndexObjectHeader {
  magic: bigint;
  version: number;
  length: bigint;
  checksum: number;
}

export function decodeIndexObjectHeader(bytes: Uint8Array): IndexObjectHeader | null {
  if (bytes.length < INDEX_OBJECT_HEADER_SIZE) return null;
  const view = viewOf(bytes);
  return {
    magic: view.getBigUint64(0, true),
    version: view.getUint16(8, true),
    length: view.getBigUint64(10, true),
    checksum: view.getUint32(18, true),
  };
}

export function encodeIndexObject(fst: Uint8Array): Uint8Array {
  const out = new Uint8Array(INDEX_OBJECT_HEADER_SIZE + fst.length);
  const view = viewOf(out);
  view.setBigUint64(0, LIBSQL_MAGIC, true);
  view.setUint16(8, 1, true);
  view.setBigUint64(10, BigInt(fst.length), true);
  view.setUint32(18, crc32(fst), true);
  out.set(fst, INDEX_OBJECT_HEADER_SIZE);
  return out;
}

export function looksIndexObject(head: Uint8Array, size: bigint): boolean {
  const h = decodeIndexObjectHeader(head);
  return (
    h !== null && h.magic === LIBSQL_MAGIC && h.version === 1 && h.length === size - BigInt(INDEX_OBJECT_HEADER_SIZE)
  );
}
