import { isSegscopeError } from '../errors.js';
import { runReadOnly } from './sql.js';

/** How often (in rows) the parent hears how far a long result has come. */
const PROGRESS_EVERY = 5_000;

/** The child process side of SqlWorker: one query at a time, answered with its rows or its error's code. */
interface Job {
  id: number;
  path: string;
  atFrameNo: bigint;
  query: string;
  limit: number;
}

process.on('message', (job: Job) => {
  try {
    process.send?.({ id: job.id, result: runReadOnly(job.path, job.atFrameNo, job.query, job.limit, (rows) => {
      if (rows % PROGRESS_EVERY === 0) process.send?.({ id: job.id, rows });
    }) });
  } catch (error) {
    const code = isSegscopeError(error) ? error.code : 'INTERNAL';
    process.send?.({ id: job.id, error: { code, message: error instanceof Error ? error.message : String(error) } });
  }
});
// The parent going away ends the child: a query never outlives the app.
process.on('disconnect', () => process.exit(0));
