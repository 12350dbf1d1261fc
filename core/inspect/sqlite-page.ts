import {
  DATABASE_HEADER_SIZE,
  INTERIOR_INDEX_PAGE,
  INTERIOR_TABLE_PAGE,
  LEAF_INDEX_PAGE,
  LEAF_TABLE_PAGE,
} from '../format/sqlite-btree.js';
import { WAL_MODE_VERSION, hasSqliteMagic, sqlitePageSize } from '../format/sqlite-database-header.js';

/** SQLite's on-disk page formats (https://sqlite.org/fileformat2.html), all big-endian. */
const PAGE_TYPES: Record<number, string> = {
  [INTERIOR_INDEX_PAGE]: 'interior index b-tree page',
  [INTERIOR_TABLE_PAGE]: 'interior table b-tree page',
  [LEAF_INDEX_PAGE]: 'leaf index b-tree page',
  [LEAF_TABLE_PAGE]: 'leaf table b-tree page',
};
const ENCODINGS: Record<number, string> = { 1: 'UTF-8', 2: 'UTF-16le', 3: 'UTF-16be' };

export interface BtreeHeader {
  pageType: string;
  firstFreeblock: number;
  cellCount: number;
  cellContentStart: number;
  fragmentedFreeBytes: number;
  /** Interior pages only. */
  rightMostPointer: number | null;
}

export type DatabaseHeader = Record<string, string | number>;

export interface DecodedPage {
  /** Null for pages that are not b-tree pages (overflow, freelist, pointer map). */
  btree: BtreeHeader | null;
  /** Page 1 only. */
  database: DatabaseHeader | null;
}

/** SQLite's 100-byte database header from the first bytes of a database; null where they are not one. */
export function decodeDatabaseHeader(page: Uint8Array): DatabaseHeader | null {
  if (page.length < DATABASE_HEADER_SIZE) return null;
  if (!hasSqliteMagic(page)) return null;
  const v = new DataView(page.buffer, page.byteOffset, DATABASE_HEADER_SIZE);
  return {
    pageSize: sqlitePageSize(page) ?? 0,
    writeVersion: v.getUint8(18) === WAL_MODE_VERSION ? 'WAL' : 'legacy',
    readVersion: v.getUint8(19) === WAL_MODE_VERSION ? 'WAL' : 'legacy',
    reservedBytes: v.getUint8(20),
    fileChangeCounter: v.getUint32(24),
    databaseSizePages: v.getUint32(28),
    firstFreelistTrunkPage: v.getUint32(32),
    freelistPages: v.getUint32(36),
    schemaCookie: v.getUint32(40),
    schemaFormat: v.getUint32(44),
    defaultCacheSize: v.getInt32(48),
    largestRootPage: v.getUint32(52),
    textEncoding: ENCODINGS[v.getUint32(56)] ?? `unknown (${v.getUint32(56)})`,
    userVersion: v.getUint32(60),
    incrementalVacuum: v.getUint32(64),
    applicationId: v.getUint32(68),
    versionValidFor: v.getUint32(92),
    sqliteVersion: v.getUint32(96),
  };
}

/** Decodes a page's headers; page 1 has the 100-byte database header before its b-tree header. */
export function decodeSqlitePage(pageNo: number, page: Uint8Array): DecodedPage {
  const database = pageNo === 1 ? decodeDatabaseHeader(page) : null;
  const at = pageNo === 1 ? DATABASE_HEADER_SIZE : 0;
  const v = new DataView(page.buffer, page.byteOffset, page.byteLength);
  const type = PAGE_TYPES[v.getUint8(at)];
  if (type === undefined) return { btree: null, database };
  const interior = v.getUint8(at) === 2 || v.getUint8(at) === 5;
  const contentStart = v.getUint16(at + 5);
  return {
    database,
    btree: {
      pageType: type,
      firstFreeblock: v.getUint16(at + 1),
      cellCount: v.getUint16(at + 3),
      cellContentStart: contentStart === 0 ? 65536 : contentStart,
      fragmentedFreeBytes: v.getUint8(at + 7),
      rightMostPointer: interior ? v.getUint32(at + 8) : null,
    },
  };
}
