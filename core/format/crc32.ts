import type * as Zlib from 'node:zlib';

let zlib: typeof Zlib | undefined;

/**
 * CRC-32 (zlib's polynomial), as every libsql-wal format and the seed's headers use it. Node's
 * zlib module is loaded on the first checksum rather than with the codecs: it brings Node's
 * streams with it, 3.5 ms of the start of a command that reads no checksum (`meta`, `list`).
 */
export function crc32(data: Uint8Array | string, seed?: number): number {
  zlib ??= process.getBuiltinModule('node:zlib');
  return zlib.crc32(data, seed);
}
