import { viewOf } from './frame.js';
import { needBytes } from './need-bytes.js';
import { WAL_MAGIC_BIG_ENDIAN, isWalMagic, walChecksum } from './sqlite-wal-checksum.js';

/**
 * SQLite's WAL file (https://sqlite.org/fileformat2.html#walformat), `data-wal` of a sqld
 * namespace in the default mode: a 32-byte big-endian header, then frames of a 24-byte header
 * (page number, commit size, salts, checksum) and a page. Frames are numbered from 1 in the file;
 * the numbers restart after every checkpoint, unlike the replication log's global ones.
 */
export const SQLITE_WAL_HEADER_SIZE = 32;
export const SQLITE_WAL_FRAME_HEADER_SIZE = 24;
export const SQLITE_WAL_VERSION = 3007000;

export interface SqliteWalHeader {
  magic: number;
  /** Whether checksums read big-endian words (magic 0x377f0683). */
  bigEndian: boolean;
  version: number;
  pageSize: number;
  checkpointSequence: number;
  salt1: number;
  salt2: number;
  checksum1: number;
  checksum2: number;
}

export function decodeSqliteWalHeader(bytes: Uint8Array): SqliteWalHeader {
  needBytes(bytes, SQLITE_WAL_HEADER_SIZE, "a SQLite WAL file's header");
  const view = viewOf(bytes);
  const magic = view.getUint32(0);
  return {
    magic,
    bigEndian: magic === WAL_MAGIC_BIG_ENDIAN,
    version: view.getUint32(4),
    pageSize: view.getUint32(8),
    checkpointSequence: view.getUint32(12),
    salt1: view.getUint32(16),
    salt2: view.getUint32(20),
    checksum1: view.getUint32(24),
    checksum2: view.getUint32(28),
  };
}

export function sqliteWalHeaderChecksumHolds(bytes: Uint8Array, h: SqliteWalHeader): boolean {
  const sum = walChecksum(bytes, 0, 24, h.bigEndian);
  return sum.s0 === h.checksum1 && sum.s1 === h.checksum2;
}

/**
 * SQLite's magic and version, or its magic and a header checksum that holds: a WAL file whose
 * header is damaged elsewhere still goes to the WAL's verifier, which says what is wrong.
 */
export function looksSqliteWal(head: Uint8Array): boolean {
  if (head.length < SQLITE_WAL_HEADER_SIZE) return false;
  const h = decodeSqliteWalHeader(head);
  return isWalMagic(h.magic) && (h.version === SQLITE_WAL_VERSION || sqliteWalHeaderChecksumHolds(head, h));
}

/** SQLite's page sizes: a power of two from 512 to 65536. */
export function isSqlitePageSize(size: number): boolean {
  return size >= 512 && size <= 65536 && (size & (size - 1)) === 0;
}
