/**
 * Every failure Segscope reports carries a stable code (scripts and the UI switch on it) and
 * a sentence an operator can act on. Core never throws bare strings or exits the process.
 */
export const ERROR_CODES = [
  'FRAME_NOT_FOUND',
  'INVALID_SEGMENT_NAME',
  'HEADER_MISMATCH',
  'TRUNCATED_SEGMENT',
  'CHECKSUM_MISMATCH',
  'NOT_A_SEGMENT',
  'SEGMENT_EXISTS',
  'REMOTE_UNAVAILABLE',
  'REMOTE_AUTH',
  'REMOTE_NOT_FOUND',
  'INVALID_ARGUMENT',
  'UNSAFE_PATH',
  'DESTINATION_EXISTS',
  'NOT_FOUND',
  'IO_ERROR',
  'FRAME_ORDER',
  'FRAME_OUT_OF_RANGE',
  'MISSING_COMMIT_FRAME',
  'CHAIN_GAP',
  'OVERLAP_CONFLICT',
  'UNAUTHORIZED',
  'TRAILING_DATA',
  'HEADER_CHECKSUM',
  'CHAIN_BROKEN',
  'INDEX_CHECKSUM',
  'INDEX_MISMATCH',
  'BAD_PAGE_SIZE',
  'BAD_VERSION',
  'BAD_MAGIC',
  'UNSEALED_SEGMENT',
  'UNPROVEN_FRAMES',
  'READ_ONLY_LAYOUT',
  'UNKNOWN_LAYOUT',
  'READ_ONLY',
  'CANCELLED',
  'DECOMPRESSION_FAILED',
  'TOO_LARGE',
  'BAD_SIZE',
  'GENERATION_CHAIN',
  'NOT_A_DATABASE',
  'CHECKPOINT_MISMATCH',
  'PAGE_OUT_OF_RANGE',
  'DATABASE_MALFORMED',
  'QUERY_TIMEOUT',
  'RESULT_TOO_LARGE',
  'SQLITE_ERROR',
  'SYMBOLIC_LINK',
  /** A default-mode namespace's WAL file and replication log disagree at their ends (a warning). */
  'LOG_MISMATCH',
  /** A bare namespace name that more than one layout of a bucket holds: its id must be given. */
  'AMBIGUOUS_NAMESPACE',
  /** A local cache folder used with another remote (bucket, layout or cluster) than the one that filled it. */
  'CACHE_MISMATCH',
  /** A namespace marked open (sqld's `.sentinel`): sqld is running or did not shut down cleanly (a warning). */
  'DIRTY_SHUTDOWN',
  /**
   * A default-mode namespace's `data` and `data-wal` changed under every read of a restore (its writer
   * checkpointed): no read stood on one state, so nothing was built.
   */
  'SOURCE_CHANGED',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/**
 * The one rule from a code to an exit status. 2: the command could not start or could not read its
 * input: bad usage, an input that is missing, that the system refuses (permissions, a read-only
 * disk) or that is no regular file (a folder, FIFO or device where a file is wanted), a symbolic
 * link (Segscope follows none), a remote that does not exist, refuses the credentials or cannot be
 * reached, files a writer kept changing under every read (SOURCE_CHANGED). 1: every other code: it
 * read its input and found a problem there (a damaged segment, a file that is not a segment, a
 * checkpoint the segments contradict, a restore SQLite calls
 * malformed, a query SQLite refused, ran out of time on or answered with too much: the query was
 * read and run, its answer is the finding), or stopped to keep what exists (SEGMENT_EXISTS,
 * DESTINATION_EXISTS). A part of a layout that could not be read, found while reading the layout,
 * is a finding too (a verify problem, a namespace folder). A command given several inputs exits
 * with the worst status of theirs.
 */
const INPUT_ERRORS: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'INVALID_ARGUMENT',
  'NOT_FOUND',
  'IO_ERROR',
  'UNSAFE_PATH',
  'AMBIGUOUS_NAMESPACE',
  'CACHE_MISMATCH',
  'SYMBOLIC_LINK',
  'REMOTE_NOT_FOUND',
  'REMOTE_AUTH',
  'REMOTE_UNAVAILABLE',
  'SOURCE_CHANGED',
]);

export function exitStatusOf(code: ErrorCode): 1 | 2 {
  return INPUT_ERRORS.has(code) ? 2 : 1;
}

/** The exit status of a command that ran over several inputs: 0 when none failed, else the worst. */
export function worstExitStatus(codes: Iterable<ErrorCode>): 0 | 1 | 2 {
  let worst: 0 | 1 | 2 = 0;
  for (const code of codes) worst = Math.max(worst, exitStatusOf(code)) as 1 | 2;
  return worst;
}

/** Marks a SegscopeError whichever copy of this module made it (see below). */
const BRAND = Symbol.for('segscope.SegscopeError');

export class SegscopeError extends Error {
  readonly code: ErrorCode;
  readonly [BRAND] = true;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SegscopeError';
    this.code = code;
  }

  /**
   * The installed command's bundles each carry a copy of this class (dist/cli: the dispatcher and
   * the command it loads), so `instanceof` asks for the mark every copy sets, not for one copy's
   * prototype: an error a command throws must reach the dispatcher's report with its code.
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    if (this !== SegscopeError) return Function.prototype[Symbol.hasInstance].call(this, value);
    return typeof value === 'object' && value !== null && (value as { [BRAND]?: unknown })[BRAND] === true;
  }
}

export function isSegscopeError(value: unknown): value is SegscopeError {
  return value instanceof SegscopeError;
}

/** Node's fs errors carry a `code` such as ENOENT; this reads it without trusting the shape. */
export function errnoCode(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const code = error.code;
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}

/**
 * Turns an fs failure into a typed error naming the path, so that "ENOENT" never reaches an
 * operator without saying which file was missing.
 */
export function fsError(error: unknown, what: string, path: string): SegscopeError {
  if (error instanceof SegscopeError) return error;
  const errno = errnoCode(error);
  switch (errno) {
    case 'ENOENT':
      return new SegscopeError('NOT_FOUND', `${what} does not exist: ${path}`, { cause: error });
    case 'EACCES':
    case 'EPERM':
      return new SegscopeError('IO_ERROR', `${what} is not readable or writable (permission denied): ${path}`, {
        cause: error,
      });
    case 'ENOTDIR':
      return new SegscopeError('IO_ERROR', `${what} is not a directory: ${path}`, { cause: error });
    case 'ELOOP':
      return new SegscopeError(
        'SYMBOLIC_LINK',
        `${what} is reached through symbolic links that lead in a loop, and Segscope follows none: ${path}`,
        { cause: error },
      );
    case 'EROFS':
      return new SegscopeError('IO_ERROR', `${what} is on a read-only file system, so nothing was written: ${path}`, {
        cause: error,
      });
    case 'EISDIR':
      return new SegscopeError('IO_ERROR', `${what} is a directory, not a file: ${path}`, { cause: error });
    case 'ENOSPC':
    case 'EDQUOT':
      return new SegscopeError('IO_ERROR', `the disk is full (or the quota is reached) writing ${what}: ${path}`, {
        cause: error,
      });
    case 'EFBIG':
      return new SegscopeError(
        'IO_ERROR',
        `${what} would be larger than this system allows a file to be (EFBIG): ${path}`,
        { cause: error },
      );
    default: {
      const detail = error instanceof Error ? error.message : String(error);
      return new SegscopeError('IO_ERROR', `${what} could not be accessed (${path}): ${detail}`, { cause: error });
    }
  }
}
