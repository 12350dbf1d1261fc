import { SegscopeError } from '../errors.js';
import { Database } from '../sqlite/driver.js';

export type SqlValue = bigint | number | string | null | { $hex: string };

export interface SqlResult {
  atFrameNo: bigint;
  columns: string[];
  rows: SqlValue[][];
  /** True when the row limit cut the result. */
  truncated: boolean;
}

/** Rows a query returns unless asked for more: a table view, not an export. */
export const DEFAULT_ROW_LIMIT = 10_000;

/** A value as SQLite returned it, in the form results carry: blobs as hex. */
export function toSqlValue(value: unknown): SqlValue {
  if (value === null || typeof value === 'bigint' || typeof value === 'number' || typeof value === 'string') return value;
  if (value instanceof Uint8Array) return { $hex: Buffer.from(value).toString('hex') };
  return String(value);
}

/**
 * SQLite counts ATTACH and DETACH as read-only (they change the connection, not a file). Its own
 * compiled program says what a statement does: ATTACH and DETACH are calls of sqlite_attach and
 * sqlite_detach there.
 */
function attaches(db: Database, query: string): boolean {
  const program = db.prepare(`EXPLAIN ${query}`).all() as { opcode: string; p4: unknown }[];
  return program.some((op) => /Function/.test(op.opcode) && /sqlite_(attach|detach)/.test(String(op.p4)));
}

/**
 * Runs one statement on a database file opened read-only. What may run is decided by SQLite
 * itself (`stmt.readonly`), never by matching the text: anything that would write (INSERT,
 * UPDATE, DDL, ATTACH, a PRAGMA that writes) and a second statement are READ_ONLY.
 */
export function runReadOnly(path: string, atFrameNo: bigint, query: string, limit = DEFAULT_ROW_LIMIT): SqlResult {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    let statement;
    try {
      statement = db.prepare(query);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (/more than one statement/i.test(message)) throw new SegscopeError('READ_ONLY', 'one statement at a time: the query holds more than one');
      throw new SegscopeError('INVALID_ARGUMENT', `SQLite refused the query: ${message}`);
    }
    if (!statement.readonly || attaches(db, query)) throw new SegscopeError('READ_ONLY', 'the query would change the database or attach another; only reading statements run on a point in the past');
    if (!statement.reader) {
      statement.run();
      return { atFrameNo, columns: [], rows: [], truncated: false };
    }
    statement.safeIntegers(true);
    const columns = statement.columns().map((c) => c.name);
    const rows: SqlValue[][] = [];
    let truncated = false;
    for (const row of statement.raw(true).iterate() as IterableIterator<unknown[]>) {
      if (rows.length >= limit) {
        truncated = true;
        break;
      }
      rows.push(row.map(toSqlValue));
    }
    return { atFrameNo, columns, rows, truncated };
  } finally {
    db.close();
  }
}
