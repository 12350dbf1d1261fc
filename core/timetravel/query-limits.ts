import { SegscopeError, isSegscopeError } from '../errors.js';

/**
 * What one query may take. SQLite has no time limit of its own that the driver exposes (no
 * interrupt, no progress handler), so the time limit is kept by the parent, which ends the query
 * process; the byte limits are kept inside that process, before a row is sent, so a query
 * producing gigabytes never reaches the app's or the server's memory.
 */
export interface QueryLimits {
  /** Wall-clock time the query process may spend on the query, in ms. */
  timeoutMs: number;
  /** One value (a string or blob) larger than this refuses the query: RESULT_TOO_LARGE. */
  maxValueBytes: number;
  /** Rows past this many bytes in all are cut, and the result says `truncated`. */
  maxResultBytes: number;
}

export const DEFAULT_QUERY_TIMEOUT_SECONDS = 30;
/** The longest time limit one may ask for: a day. */
export const MAX_QUERY_TIMEOUT_SECONDS = 86_400;

export const DEFAULT_QUERY_LIMITS: QueryLimits = {
  timeoutMs: DEFAULT_QUERY_TIMEOUT_SECONDS * 1000,
  maxValueBytes: 16 << 20,
  maxResultBytes: 64 << 20,
};

/** The limits with a time limit in seconds, where one is given. */
export function limitsWith(timeoutSeconds: number | undefined): QueryLimits {
  return timeoutSeconds === undefined
    ? DEFAULT_QUERY_LIMITS
    : { ...DEFAULT_QUERY_LIMITS, timeoutMs: Math.round(timeoutSeconds * 1000) };
}

export function timeoutError(timeoutMs: number, flag: string, what = 'the query'): SegscopeError {
  return new SegscopeError(
    'QUERY_TIMEOUT',
    `${what} ran for ${timeoutMs / 1000} s, its time limit, and was stopped (its process ended); narrow it, ` +
      `or allow more time with ${flag}`,
  );
}

/** The bytes a value takes in a result, near enough to bound it (a string by its length). */
export function valueBytes(value: unknown): number {
  if (typeof value === 'string') return value.length;
  if (value instanceof Uint8Array) return value.byteLength;
  return 8;
}

export function valueTooLarge(bytes: number, row: number, limits: QueryLimits): SegscopeError {
  return new SegscopeError(
    'RESULT_TOO_LARGE',
    `a value in row ${row + 1} is ${bytes} bytes, more than the ${limits.maxValueBytes} one value of a result ` +
      `may hold; ` +
      'select part of it (substr(), length(), hex(substr()))',
  );
}

/**
 * SQLite's own refusals (a syntax error, a function it will not run, a blob too big, a write to a
 * read-only file) as SQLITE_ERROR with SQLite's message: the query was read and run, and SQLite's
 * answer is the finding. The driver's errors carry SQLite's result code name (SQLITE_TOOBIG, …).
 */
export function asQueryError(error: unknown): unknown {
  if (isSegscopeError(error) || !(error instanceof Error)) return error;
  const code = (error as { code?: unknown }).code;
  if (error.name !== 'SqliteError' && !(typeof code === 'string' && code.startsWith('SQLITE_'))) return error;
  const detail = typeof code === 'string' && code !== 'SQLITE_ERROR' ? ` (${code})` : '';
  return new SegscopeError('SQLITE_ERROR', `SQLite refused the query: ${error.message}${detail}`, { cause: error });
}
