import { SegscopeError } from '../errors.js';
import type { LogMismatch } from '../model/log-mismatch.js';
import { Database } from '../sqlite/driver.js';
import { DEFAULT_QUERY_LIMITS, type QueryLimits, asQueryError, valueBytes, valueTooLarge } from './query-limits.js';

export type SqlValue = bigint | number | string | null | { $hex: string };

export interface SqlResult {
  atFrameNo: bigint;
  /** The point is a commit of a default-mode namespace's SQLite WAL file: its frame index. */
  atWalFrame?: bigint;
  /** Bottomless: the generation `atFrameNo` is a frame of. */
  atGeneration?: string;
  /** Pages of the database queried no checksum covers (RestoreResult's unprovenPages). */
  atUnprovenPages?: number;
  /** The database queried is the current state, which disagrees with the log (RestoreResult's logMismatch). */
  atLogMismatch?: LogMismatch;
  columns: string[];
  rows: SqlValue[][];
  /** True when the row limit (or the bytes a result may hold) cut the result. */
  truncated: boolean;
}

/** What says where a result's query stood beyond its frame number: a WAL commit, a generation. */
export function pointFields(point: {
  walFrame?: bigint | undefined;
  generation?: string | undefined;
  unprovenPages?: number | undefined;
  logMismatch?: LogMismatch | undefined;
}): Pick<SqlResult, 'atWalFrame' | 'atGeneration' | 'atUnprovenPages' | 'atLogMismatch'> {
  return {
    ...(point.walFrame !== undefined ? { atWalFrame: point.walFrame } : {}),
    ...(point.generation !== undefined ? { atGeneration: point.generation } : {}),
    ...(point.unprovenPages !== undefined ? { atUnprovenPages: point.unprovenPages } : {}),
    ...(point.logMismatch ? { atLogMismatch: point.logMismatch } : {}),
  };
}

/** Rows a query returns unless asked for more: a table view, not an export. */
export const DEFAULT_ROW_LIMIT = 10_000;

/** A value as SQLite returned it, in the form results carry: blobs as hex. */
export function toSqlValue(value: unknown): SqlValue {
  if (value === null || typeof value === 'bigint' || typeof value === 'number' || typeof value === 'string')
    return value;
  if (value instanceof Uint8Array) return { $hex: Buffer.from(value).toString('hex') };
  // better-sqlite3 returns only the kinds above; anything else would be shown as its JSON text.
  return JSON.stringify(value) ?? 'undefined';
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
 * One statement's rows as SQLite produces them, never all in memory: the CLI writes each as it
 * comes. `truncated` is known once the rows have been read, so it comes after them: the cursor is
 * the `sql --json` document itself, whose writer reads each field in its turn.
 */
/** One statement on a point's database file, in this process or in the query process. */
export interface QuerySpec {
  path: string;
  /** The frame the file holds the database as of (reported back with the rows). */
  atFrameNo: bigint;
  query: string;
  /** Rows kept at most (DEFAULT_ROW_LIMIT). */
  limit?: number;
  limits?: QueryLimits;
}

export interface QueryCursor {
  atFrameNo: bigint;
  columns: string[];
  rows: Iterable<SqlValue[]>;
  truncated: boolean;
  close(): void;
}

/**
 * Opens a database file read-only and prepares one statement on it. What may run is decided by
 * SQLite itself (`stmt.readonly`), never by matching the text: anything that would write (INSERT,
 * UPDATE, DDL, ATTACH, a PRAGMA that writes) and a second statement are READ_ONLY. Whatever else
 * SQLite refuses is SQLITE_ERROR with its message. Rows stop at `limit` or at the bytes `limits`
 * allow a result (`truncated`); one value past its own bound is RESULT_TOO_LARGE.
 */
export function openQuery({
  path,
  atFrameNo,
  query,
  limit = DEFAULT_ROW_LIMIT,
  limits = DEFAULT_QUERY_LIMITS,
}: QuerySpec): QueryCursor {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    let statement;
    try {
      statement = db.prepare(query);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (/more than one statement/i.test(message))
        throw new SegscopeError('READ_ONLY', 'one statement at a time: the query holds more than one');
      if (/contains no statements/i.test(message))
        throw new SegscopeError('INVALID_ARGUMENT', 'the query holds no statement, only spaces or comments');
      throw asQueryError(error);
    }
    if (!statement.readonly || attaches(db, query))
      throw new SegscopeError(
        'READ_ONLY',
        'the query would change the database or attach another; only reading statements run on a point in the past',
      );
    const close = () => db.close();
    if (!statement.reader) {
      statement.run();
      return { atFrameNo, columns: [], rows: [], truncated: false, close };
    }
    statement.safeIntegers(true);
    const columns = statement.columns().map((c) => c.name);
    const cursor: QueryCursor = { atFrameNo, columns, rows: [], truncated: false, close };
    cursor.rows = rowsOf(
      statement.raw(true).iterate() as IterableIterator<unknown[]>,
      limit,
      limits,
      () => (cursor.truncated = true),
    );
    return cursor;
  } catch (error) {
    db.close();
    throw asQueryError(error);
  }
}

function* rowsOf(
  source: IterableIterator<unknown[]>,
  limit: number,
  limits: QueryLimits,
  cut: () => void,
): Generator<SqlValue[]> {
  let count = 0;
  let bytes = 0;
  try {
    for (const row of source) {
      let rowBytes = 0;
      for (const value of row) {
        const size = valueBytes(value);
        if (size > limits.maxValueBytes) throw valueTooLarge(size, count, limits);
        rowBytes += size;
      }
      bytes += rowBytes;
      if (count++ >= limit || (bytes > limits.maxResultBytes && count > 1)) {
        cut();
        return; // leaving the loop ends SQLite's iteration too
      }
      yield row.map(toSqlValue);
    }
  } catch (error) {
    throw asQueryError(error);
  }
}

/** One statement's whole result (up to the row and byte limits), for callers that answer at once (the API). */
export function runReadOnly(spec: QuerySpec, onRow?: (rows: number) => void): SqlResult {
  const cursor = openQuery(spec);
  try {
    const rows: SqlValue[][] = [];
    for (const row of cursor.rows) {
      rows.push(row);
      onRow?.(rows.length);
    }
    return { atFrameNo: spec.atFrameNo, columns: cursor.columns, rows, truncated: cursor.truncated };
  } finally {
    cursor.close();
  }
}
