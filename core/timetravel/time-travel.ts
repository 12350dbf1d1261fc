import type { RestoreSource } from '../restore/restore-source.js';
import { type DiffResult, diffDatabases } from './diff.js';
import { type PointDatabases, type PointRequest } from './point-database.js';
import { type SqlResult, runReadOnly } from './sql.js';

/** One statement on the database as of a point (built once, then kept for the next queries). */
export async function sqlAt(points: PointDatabases, sourceId: string, source: RestoreSource, at: PointRequest, query: string, limit?: number): Promise<SqlResult> {
  const built = await points.at(sourceId, source, at);
  return runReadOnly(built.path, built.frameNo, query, limit);
}

/** What changed between two points of the same history. */
export async function diffPoints(points: PointDatabases, sourceId: string, source: RestoreSource, from: PointRequest, to: PointRequest, limit: number): Promise<DiffResult> {
  const before = await points.at(sourceId, source, from);
  const after = await points.at(sourceId, source, to);
  return diffDatabases(before.path, before.frameNo, after.path, after.frameNo, limit);
}
