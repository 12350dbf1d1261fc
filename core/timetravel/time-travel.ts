import type { RestoreSource } from '../restore/restore-source.js';
import { type DiffResult, diffDatabases } from './diff.js';
import { type PointDatabases, type PointRequest } from './point-database.js';
import { DEFAULT_ROW_LIMIT, type SqlResult, runReadOnly } from './sql.js';
import type { SqlWorker } from './sql-worker.js';

/**
 * One statement on the database as of a point (built once, then kept for the next queries); on
 * a query thread when one is given, so it can be cancelled and never blocks the caller's thread.
 */
export async function sqlAt(points: PointDatabases, sourceId: string, source: RestoreSource, at: PointRequest, query: string, limit = DEFAULT_ROW_LIMIT, worker?: SqlWorker): Promise<SqlResult> {
  const built = await points.at(sourceId, source, at);
  return worker ? worker.run(built.path, built.frameNo, query, limit) : runReadOnly(built.path, built.frameNo, query, limit);
}

/** What changed between two points of the same history. */
export async function diffPoints(points: PointDatabases, sourceId: string, source: RestoreSource, from: PointRequest, to: PointRequest, limit: number): Promise<DiffResult> {
  const before = await points.at(sourceId, source, from);
  const after = await points.at(sourceId, source, to);
  return diffDatabases(before, after, limit);
}
