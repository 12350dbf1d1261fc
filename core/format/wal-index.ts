import { viewOf } from './byte-fields.js';
import { decodeHeader, field, headerTable, u32 } from './header-fields.js';
import { pageSizeOf } from './sqlite-database-header.js';
import { SQLITE_WAL_VERSION } from './sqlite-wal.js';

/**
 * The header of SQLite's wal-index (`data-shm`, https://sqlite.org/walformat.html#the_wal_index_file_format):
 * two copies of 48 bytes at 0 and 48, in the byte order of the host that wrote them, then the
 * checkpoint information up to byte 136. It is shared memory SQLite rebuilds from the WAL file
 * whenever no connection has it open, so it never decides what is committed; a reader only
 * compares it with the WAL. Segscope reads its bytes and never takes the locks it describes.
 */
export const WAL_INDEX_HEADER_SIZE = 136;
const COPY_SIZE = 48;

/**
 * The two u32 fields of the checkpoint information (in the host's byte order) that a checkpoint
 * moves: `nBackfillAttempted`, the last frame it set out to copy into the database, written before
 * it copies, and `nBackfill`, the last frame copied, written once it has (0 again when the WAL
 * starts over). The read marks between them move with every reader's transaction.
 */
export const WAL_INDEX_BACKFILL_AT = 96;
export const WAL_INDEX_BACKFILL_ATTEMPTED_AT = 128;

function walIndexTable(littleEndian: boolean) {
  return headerTable("a SQLite wal-index's header", COPY_SIZE, {
    version: field(0, 'u32', littleEndian),
    change: field(8, 'u32', littleEndian),
    isInit: field(12, 'u8'),
    szPage: field(14, 'u16', littleEndian),
    mxFrame: field(16, 'u32', littleEndian),
    nPage: field(20, 'u32', littleEndian),
    // SQLite copies the salts' bytes from the WAL header as they are: big-endian on every host.
    salt1: field(32, 'u32', false),
    salt2: field(36, 'u32', false),
  });
}
const LITTLE = walIndexTable(true);
const BIG = walIndexTable(false);

export interface WalIndexHeader {
  /** The WAL's last committed frame as the last connection saw it. */
  mxFrame: number;
  /** Database size in pages after that commit. */
  nPage: number;
  pageSize: number;
  /** The WAL header's salts when the index was last written: another pair means another WAL generation. */
  salt1: number;
  salt2: number;
  /** The two copies differ: a connection was writing the header when the file was read. */
  torn: boolean;
}

/**
 * The header, or null where there is none to compare: a file shorter than the header, never
 * initialised, or of another version. The version field shows which byte order the host wrote.
 */
export function decodeWalIndexHeader(bytes: Uint8Array): WalIndexHeader | null {
  if (bytes.length < WAL_INDEX_HEADER_SIZE) return null;
  const table = u32(viewOf(bytes), LITTLE.fields.version) === SQLITE_WAL_VERSION ? LITTLE : BIG;
  const first = decodeHeader(table, bytes.subarray(0, COPY_SIZE));
  if (first.version !== SQLITE_WAL_VERSION || first.isInit !== 1) return null;
  const second = bytes.subarray(COPY_SIZE, 2 * COPY_SIZE);
  const torn = !bytes.subarray(0, COPY_SIZE).every((b, i) => b === second[i]);
  return {
    mxFrame: first.mxFrame,
    nPage: first.nPage,
    pageSize: pageSizeOf(first.szPage),
    salt1: first.salt1,
    salt2: first.salt2,
    torn,
  };
}
