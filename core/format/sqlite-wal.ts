import { viewOf } from './byte-fields.js';
import { decodeHeader, field, headerTable, u32Set } from './header-fields.js';
import {
  WAL_MAGIC_BIG_ENDIAN,
  WAL_MAGIC_LITTLE_ENDIAN,
  type WalChecksum,
  isWalMagic,
  walChecksum,
} from './sqlite-wal-checksum.js';

/**
 * SQLite's WAL file (https://sqlite.org/fileformat2.html#walformat), `data-wal` of a sqld
 * namespace in the default mode, and the frames of bottomless's batches: a 32-byte big-endian
 * header, then frames of a 24-byte header (SQLITE_WAL_FRAME_HEADER) and a page. Frames are
 * numbered from 1 in the file; the numbers restart after every checkpoint, unlike the
 * replication log's global ones.
 */
export const SQLITE_WAL_HEADER_SIZE = 32;
export const SQLITE_WAL_FRAME_HEADER_SIZE = 24;
export const SQLITE_WAL_VERSION = 3007000;

const be = false;
export const SQLITE_WAL_HEADER = headerTable("a SQLite WAL file's header", SQLITE_WAL_HEADER_SIZE, {
  magic: field(0, 'u32', be),
  version: field(4, 'u32', be),
  pageSize: field(8, 'u32', be),
  checkpointSequence: field(12, 'u32', be),
  salt1: field(16, 'u32', be),
  salt2: field(20, 'u32', be),
  checksum1: field(24, 'u32', be),
  checksum2: field(28, 'u32', be),
});

/**
 * The header before each frame's page, big-endian like the file's. The salts repeat the WAL
 * header's (a frame with others is left from an earlier round of the file); the checksum chains
 * from the frame before, or from the WAL header's for frame 1.
 */
export const SQLITE_WAL_FRAME_HEADER = headerTable("a SQLite WAL frame's header", SQLITE_WAL_FRAME_HEADER_SIZE, {
  pageNo: field(0, 'u32', be),
  /** The database's size in pages after the commit this frame ends; 0 for a frame inside a transaction. */
  commitSize: field(4, 'u32', be),
  salt1: field(8, 'u32', be),
  salt2: field(12, 'u32', be),
  checksum1: field(16, 'u32', be),
  checksum2: field(20, 'u32', be),
});

const FRAME = SQLITE_WAL_FRAME_HEADER.fields;
/** A frame's checksum covers its header only up to the salts: the page number and commit size. */
const SUMMED_HEADER_BYTES = FRAME.salt1.offset;

/**
 * A frame's checksum: its page number and commit size, then its page, continuing from the
 * previous frame's pair (the WAL header's for the first frame). `at` is where the frame starts.
 */
// Positional on purpose: called once per frame, where an options object would be an allocation a frame.
export function walFrameChecksum(
  frame: Uint8Array,
  at: number,
  pageSize: number,
  bigEndian: boolean,
  previous: WalChecksum,
): WalChecksum {
  const afterHeader = walChecksum(frame, at, at + SUMMED_HEADER_BYTES, bigEndian, previous);
  const page = at + SQLITE_WAL_FRAME_HEADER_SIZE;
  return walChecksum(frame, page, page + pageSize, bigEndian, afterHeader);
}

export interface SqliteWalFrameInput {
  pageNo: number;
  /** The commit size: the database's pages after the commit this frame ends, else 0. */
  sizeAfter: number;
  salts: readonly [number, number];
  page: Uint8Array;
}

/**
 * Writes a frame, header and page, at `at` of `bytes`, its checksum chained from `previous` in
 * the given byte order; returns the frame's sums, the seed of the next frame.
 */
export function writeSqliteWalFrame(
  bytes: Uint8Array,
  at: number,
  frame: SqliteWalFrameInput,
  chain: { previous: WalChecksum; bigEndian: boolean },
): WalChecksum {
  const view = viewOf(bytes);
  u32Set(view, FRAME.pageNo, frame.pageNo, at);
  u32Set(view, FRAME.commitSize, frame.sizeAfter, at);
  u32Set(view, FRAME.salt1, frame.salts[0], at);
  u32Set(view, FRAME.salt2, frame.salts[1], at);
  bytes.set(frame.page, at + SQLITE_WAL_FRAME_HEADER_SIZE);
  const sum = walFrameChecksum(bytes, at, frame.page.length, chain.bigEndian, chain.previous);
  u32Set(view, FRAME.checksum1, sum.s0, at);
  u32Set(view, FRAME.checksum2, sum.s1, at);
  return sum;
}

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
  const { magic, ...rest } = decodeHeader(SQLITE_WAL_HEADER, bytes);
  return { magic, bigEndian: magic === WAL_MAGIC_BIG_ENDIAN, ...rest };
}

function sqliteWalHeaderChecksumHolds(bytes: Uint8Array, h: SqliteWalHeader): boolean {
  const sum = walChecksum(bytes, 0, SQLITE_WAL_HEADER.fields.checksum1.offset, h.bigEndian);
  return sum.s0 === h.checksum1 && sum.s1 === h.checksum2;
}

/**
 * SQLite's magic and version, or its magic and a header checksum that holds: a WAL file whose
 * header is damaged elsewhere still goes to the WAL's verifier, which says what is wrong.
 */
export function looksSqliteWal(head: Uint8Array): boolean {
  // The magic alone first: a listing asks this of every snapshot.
  if (head.length < SQLITE_WAL_HEADER_SIZE || !isWalMagic(viewOf(head).getUint32(0, false))) return false;
  const h = decodeSqliteWalHeader(head);
  return isWalMagic(h.magic) && (h.version === SQLITE_WAL_VERSION || sqliteWalHeaderChecksumHolds(head, h));
}

/** SQLite's page sizes: a power of two from 512 to 65536. */
export function isSqlitePageSize(size: number): boolean {
  return size >= 512 && size <= 65536 && (size & (size - 1)) === 0;
}

/**
 * A WAL file as SQLite writes it (little-endian checksums, as on the hosts sqld runs on): the
 * transactions' pages as frames, each transaction's last frame carrying its commit size.
 */
export function encodeSqliteWal(
  transactions: readonly { pages: readonly { pageNo: number; page: Uint8Array }[]; sizeAfter: number }[],
  salts: [number, number],
  pageSize = 4096,
): Uint8Array {
  const frameCount = transactions.reduce((n, tx) => n + tx.pages.length, 0);
  const frameSize = SQLITE_WAL_FRAME_HEADER_SIZE + pageSize;
  const bytes = new Uint8Array(SQLITE_WAL_HEADER_SIZE + frameCount * frameSize);
  const view = viewOf(bytes);
  const h = SQLITE_WAL_HEADER.fields;
  u32Set(view, h.magic, WAL_MAGIC_LITTLE_ENDIAN);
  u32Set(view, h.version, SQLITE_WAL_VERSION);
  u32Set(view, h.pageSize, pageSize);
  u32Set(view, h.salt1, salts[0]);
  u32Set(view, h.salt2, salts[1]);
  let sum = walChecksum(bytes, 0, h.checksum1.offset, false);
  u32Set(view, h.checksum1, sum.s0);
  u32Set(view, h.checksum2, sum.s1);
  let at = SQLITE_WAL_HEADER_SIZE;
  for (const tx of transactions) {
    tx.pages.forEach(({ pageNo, page }, i) => {
      const sizeAfter = i === tx.pages.length - 1 ? tx.sizeAfter : 0;
      sum = writeSqliteWalFrame(bytes, at, { pageNo, sizeAfter, salts, page }, { previous: sum, bigEndian: false });
      at += frameSize;
    });
  }
  return bytes;
}
