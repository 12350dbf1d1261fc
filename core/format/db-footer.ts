import { PAGE_SIZE } from './frame.js';
import { decodeHeader, encodeHeader, field, headerTable } from './header-fields.js';
import { LIBSQL_MAGIC } from './sealed-segment.js';

/**
 * The footer libsql-wal appends to a sqld namespace's database file `dbs/<ns>/data` (docs/formats/libsql-wal.md):
 * 34 bytes, big-endian, after the pages. A footer exists exactly when size % 4096 == 34.
 */
export const DB_FOOTER_SIZE = 34;

const be = false;
export const DB_FOOTER = headerTable("a database file's footer", DB_FOOTER_SIZE, {
  magic: field(0, 'u64', be),
  version: field(8, 'u16', be),
  replicationIndex: field(10, 'u64', be),
  logId: field(18, 'uuid', be),
});

export interface DbFooter {
  magic: bigint;
  version: number;
  /** The newest frame checkpointed into the file. */
  replicationIndex: bigint;
  /** The UUID's bytes in order (unlike the segment headers). */
  logId: string;
}

export function hasFooterSize(size: bigint): boolean {
  return size % BigInt(PAGE_SIZE) === BigInt(DB_FOOTER_SIZE);
}

export function decodeDbFooter(bytes: Uint8Array): DbFooter {
  return decodeHeader(DB_FOOTER, bytes);
}

export function encodeDbFooter(footer: Omit<DbFooter, 'magic'>): Uint8Array {
  return encodeHeader(DB_FOOTER, { ...footer, magic: LIBSQL_MAGIC });
}

export function isValidDbFooter(footer: DbFooter): boolean {
  return footer.magic === LIBSQL_MAGIC && footer.version === 1;
}
