import type { ProgressListener } from '../progress.js';
import type { RestoreSource } from '../restore/restore-contract.js';
import { type DiffResult, diffDatabases } from './diff.js';
import { DIFF_WORDS, type PointDatabases, type PointRequest, QUERY_WORDS } from './point-database.js';
import { DEFAULT_QUERY_LIMITS, type QueryLimits } from './query-limits.js';
import { DEFAULT_ROW_LIMIT, type SqlResult, pointFields, runReadOnly } from './sql.js';
import type { QueryProcess } from './query-process.js';

/** Where a point's database comes from and where its query runs. */
export interface PointQuery {
  points: PointDatabases;
  /** Names the history the points belong to (the layout's root and namespace). */
  sourceId: string;
  source: RestoreSource;
  /** Runs the query or diff in a process of its own (cancellable, never blocking the caller's thread). */
  worker?: QueryProcess | undefined;
  /** The point's restore, then the rows read so far. */
  onProgress?: ProgressListener | undefined;
}

/**
 * One statement on the database as of a point (built once, then kept for the next queries); on
 * a query process when one is given, so it can be cancelled and never blocks the caller's
 * thread.
 */
export async function sqlAt(
  on: PointQuery,
  at: PointRequest,
  query: string,
  bounds: number | { limit?: number | undefined; limits?: QueryLimits } = DEFAULT_ROW_LIMIT,
): Promise<SqlResult> {
  const { worker, onProgress } = on;
  const { limit = DEFAULT_ROW_LIMIT, limits = DEFAULT_QUERY_LIMITS } =
    typeof bounds === 'number' ? { limit: bounds } : bounds;
  const built = await on.points.at(on.sourceId, on.source, { ...at, words: QUERY_WORDS }, onProgress);
  const id = `query:${built.frameNo}`;
  const onRows = onProgress && ((rows: number) => onProgress({ id, phase: 'rows', done: rows, total: limit }));
  const spec = { path: built.path, atFrameNo: built.frameNo, query, limit, limits };
  const result = await (worker
    ? worker.sql(spec, onRows, 'a longer time limit (timeoutSeconds)')
    : runReadOnly(spec, onRows));
  onProgress?.({ id, phase: 'rows', done: result.rows.length, total: result.rows.length });
  return { ...result, ...pointFields(built) };
}

/** At most `limit` rows a table; `timeout` ends a diff in the query process (`flag` allows more). */
export interface DiffBounds {
  limit: number;
  timeout?: { ms: number; flag: string };
}

/** What changed between two points of the same history; in the query process when one is given. */
export async function diffPoints(
  on: PointQuery,
  from: PointRequest,
  to: PointRequest,
  { limit, timeout }: DiffBounds,
): Promise<DiffResult> {
  const before = await on.points.at(on.sourceId, on.source, { ...from, words: DIFF_WORDS }, on.onProgress);
  const after = await on.points.at(on.sourceId, on.source, { ...to, words: DIFF_WORDS }, on.onProgress);
  // Only in the query process can a diff be stopped: SQLite's calls cannot be interrupted.
  const result = await (on.worker
    ? on.worker.diff(before, after, limit, timeout)
    : diffDatabases(before, after, limit));
  return {
    ...result,
    ...(before.walFrame !== undefined ? { fromWalFrame: before.walFrame } : {}),
    ...(after.walFrame !== undefined ? { toWalFrame: after.walFrame } : {}),
    ...(before.generation !== undefined ? { fromGeneration: before.generation } : {}),
    ...(after.generation !== undefined ? { toGeneration: after.generation } : {}),
    ...(before.unprovenPages !== undefined ? { fromUnprovenPages: before.unprovenPages } : {}),
    ...(after.unprovenPages !== undefined ? { toUnprovenPages: after.unprovenPages } : {}),
    ...(before.logMismatch ? { fromLogMismatch: before.logMismatch } : {}),
    ...(after.logMismatch ? { toLogMismatch: after.logMismatch } : {}),
  };
}
