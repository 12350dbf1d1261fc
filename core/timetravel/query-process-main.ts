import { isSegscopeError } from '../errors.js';
import type { PointFile } from './changed-trees.js';
import { diffDatabases } from './diff.js';
import { runReadOnly } from './sql.js';

/** How often (in rows) the parent hears how far a long result has come. */
const PROGRESS_EVERY = 5_000;

/** The child process side of QueryProcess: one job at a time, answered with its result or its error's code. */
export type Job =
  | { id: number; kind: 'sql'; path: string; atFrameNo: bigint; query: string; limit: number }
  | { id: number; kind: 'diff'; from: PointFile; to: PointFile; limit: number };

function run(job: Job): unknown {
  if (job.kind === 'diff') return diffDatabases(job.from, job.to, job.limit);
  return runReadOnly(job.path, job.atFrameNo, job.query, job.limit, (rows) => {
    if (rows % PROGRESS_EVERY === 0) process.send?.({ id: job.id, rows });
  });
}

process.on('message', (job: Job) => {
  try {
    process.send?.({ id: job.id, result: run(job) });
  } catch (error) {
    const code = isSegscopeError(error) ? error.code : 'INTERNAL';
    process.send?.({ id: job.id, error: { code, message: error instanceof Error ? error.message : String(error) } });
  }
});
// The parent going away ends the child: a query never outlives the app.
process.on('disconnect', () => process.exit(0));
