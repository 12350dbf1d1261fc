import { PAGE_SIZE, viewOf } from './frame.js';
import { LIBSQL_MAGIC } from './sealed-segment.js';

/**
 * The footer libsql-wal appends to a sqld namespace's database file `dbs/<ns>/data` (docs/formats/libsql-wal.md):
 * 34 bytes, big-endian, after the pages. A footer exists exactly when size % 4096 == 34.
 */
export const DB_FOOTER_SIZE = 34;

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
  const view = viewOf(bytes);
  const hex = Array.from(bytes.subarray(18, 34), (b) => b.toString(16).padStart(2, '0')).join('');
  return {
    magic: view.getBigUint64(0, false),
    version: view.getUint16(8, false),
    replicationIndex: view.getBigUint64(10, false),
    logId: `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`,
  };
}

export function encodeDbFooter(footer: Omit<DbFooter, 'magic'>): Uint8Array {
  const bytes = new Uint8Array(DB_FOOTER_SIZE);
  const view = viewOf(bytes);
  view.setBigUint64(0, LIBSQL_MAGIC, false);
  view.setUint16(8, footer.version, false);
  view.setBigUint64(10, footer.replicationIndex, false);
  const hex = footer.logId.replace(/-/g, '');
  for (let i = 0; i < 16; i++) bytes[18 + i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}

export function isValidDbFooter(footer: DbFooter): boolean {
  return footer.magic === LIBSQL_MAGIC && footer.version === 1;
}
