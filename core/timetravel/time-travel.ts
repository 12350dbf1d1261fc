import type { ProgressListener } from '../progress.js';
import type { RestoreSource } from '../restore/restore-source.js';
import { type DiffResult, diffDatabases } from './diff.js';
import { type PointDatabases, type PointRequest } from './point-database.js';
import { DEFAULT_QUERY_LIMITS, type QueryLimits } from './query-limits.js';
import { DEFAULT_ROW_LIMIT, type SqlResult, runReadOnly } from './sql.js';
import type { QueryProcess } from './query-process.js';

/**
 * One statement on the database as of a point (built once, then kept for the next queries); on
 * a query process when one is given, so it can be cancelled and never blocks the caller's
 * thread. Progress: the point's restore, then the rows read so far.
 */
export async function sqlAt(
  points: PointDatabases,
  sourceId: string,
  source: RestoreSource,
  at: PointRequest,
  query: string,
  bounds: number | { limit?: number | undefined; limits?: QueryLimits } = DEFAULT_ROW_LIMIT,
  worker?: QueryProcess,
  onProgress?: ProgressListener,
): Promise<SqlResult> {
  const { limit = DEFAULT_ROW_LIMIT, limits = DEFAULT_QUERY_LIMITS } =
    typeof bounds === 'number' ? { limit: bounds } : bounds;
  const built = await points.at(sourceId, source, at, onProgress);
  const id = `query:${built.frameNo}`;
  const onRows = onProgress && ((rows: number) => onProgress({ id, phase: 'rows', done: rows, total: limit }));
  const result = await (worker
    ? worker.sql(built.path, built.frameNo, query, limit, onRows, limits, 'a longer time limit (timeoutSeconds)')
    : runReadOnly(built.path, built.frameNo, query, limit, onRows, limits));
  onProgress?.({ id, phase: 'rows', done: result.rows.length, total: result.rows.length });
  return built.walFrame !== undefined ? { ...result, atWalFrame: built.walFrame } : result;
}

/** What changed between two points of the same history; in the query process when one is given. */
export async function diffPoints(
  points: PointDatabases,
  sourceId: string,
  source: RestoreSource,
  from: PointRequest,
  to: PointRequest,
  limit: number,
  onProgress?: ProgressListener,
  worker?: QueryProcess,
): Promise<DiffResult> {
  const before = await points.at(sourceId, source, from, onProgress);
  const after = await points.at(sourceId, source, to, onProgress);
  const result = await (worker ? worker.diff(before, after, limit) : diffDatabases(before, after, limit));
  return {
    ...result,
    ...(before.walFrame !== undefined ? { fromWalFrame: before.walFrame } : {}),
    ...(after.walFrame !== undefined ? { toWalFrame: after.walFrame } : {}),
  };
}
