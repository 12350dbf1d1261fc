import type { Problem } from '../model/problem.js';
import type { DatabaseFileKind } from '../model/results.js';
import { PAGE_SIZE } from './frame.js';

/**
 * The first fields of SQLite's 100-byte database header (https://sqlite.org/fileformat2.html#the_database_header),
 * big-endian: the magic at 0, the page size at 16, the file format write and read versions at 18 and 19.
 */
export const SQLITE_MAGIC = 'SQLite format 3\0';

/** Bytes 18 and 19 of a database in WAL mode (1: the rollback journal). */
export const WAL_MODE_VERSION = 2;

export function hasSqliteMagic(head: Uint8Array): boolean {
  return head.length >= SQLITE_MAGIC.length && [...SQLITE_MAGIC].every((c, i) => head[i] === c.charCodeAt(0));
}

/** A page size as SQLite stores it in 16 bits (the database header, the wal-index): 1 means 65536. */
export function pageSizeOf(stored: number): number {
  return stored === 1 ? 65536 : stored;
}

/** The page size at bytes 16-17; null where the bytes end before it. */
export function sqlitePageSize(head: Uint8Array): number | null {
  if (head.length < 18) return null;
  return pageSizeOf(((head[16] ?? 0) << 8) | (head[17] ?? 0));
}

/** What a restore of each mode puts on top of `data`'s pages: SQLite's WAL file, or libsql-wal's segments. */
const FRAMES_ON_TOP: Record<DatabaseFileKind, string> = {
  'default-mode': "data-wal's frames",
  'libsql-wal': "its segments' frames",
};

/**
 * What sqld asks of a namespace's `data` in either mode, whose first bytes are `head` and which holds
 * `pageBytes` bytes of pages (libsql-wal's footer not counted; 0 is a database never written, held to
 * nothing): SQLite's magic, 4096-byte pages and a read version SQLite can read, or no restore can stand
 * on it (errors); WAL mode, which sqld sets on every database it opens, or something else wrote it last
 * (a warning: SQLite still reads it).
 */
export function sqldDataProblems(head: Uint8Array, pageBytes: bigint, kind: DatabaseFileKind): Problem[] {
  if (pageBytes === 0n) return [];
  if (!hasSqliteMagic(head)) {
    const found = Array.from(head.subarray(0, SQLITE_MAGIC.length), (b) => b.toString(16).padStart(2, '0'));
    const message = `it does not start with SQLite's magic "SQLite format 3" (its first bytes: ${found.join(' ')})`;
    return [{ code: 'BAD_MAGIC', severity: 'error', message }];
  }
  const pageSize = sqlitePageSize(head);
  if (pageSize !== PAGE_SIZE) {
    const has = pageSize === null ? 'it ends before its page size' : `its header says ${pageSize}-byte pages`;
    const message = `${has}; sqld's databases use ${PAGE_SIZE}-byte pages, as ${FRAMES_ON_TOP[kind]} do`;
    return [{ code: 'BAD_PAGE_SIZE', severity: 'error', message }];
  }
  const [write, read] = [head[18] ?? 0, head[19] ?? 0];
  if (write === WAL_MODE_VERSION && read === WAL_MODE_VERSION) return [];
  const versions = `bytes 18-19 (write and read version) are ${write}/${read}, not 2/2`;
  if (read > WAL_MODE_VERSION) {
    const message = `${versions}: SQLite refuses to read a database whose read version is past 2`;
    return [{ code: 'BAD_VERSION', severity: 'error', message }];
  }
  const message =
    `${versions}: the file is not in WAL mode, which sqld sets on every database it opens, so something else ` +
    `wrote it last (was it replaced or copied in?); SQLite still reads it with ${FRAMES_ON_TOP[kind]} on top, ` +
    'and so does a restore';
  return [{ code: 'BAD_VERSION', severity: 'warning', message }];
}
