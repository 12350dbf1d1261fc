import { isSegscopeError } from '../errors.js';
import { endWithParent } from '../parent-watch.js';
import type { PointFile } from './changed-trees.js';
import { diffDatabases } from './diff.js';
import { type QueryCursor, type QuerySpec, type SqlValue, openQuery, runReadOnly } from './sql.js';

/** How often (in rows) the parent hears how far a long result has come. */
const PROGRESS_EVERY = 5_000;
/** A streamed batch ends after this many rows or bytes, whichever comes first. */
const BATCH_ROWS = 2_000;
const BATCH_BYTES = 1 << 20;

/** The child process side of QueryProcess: one job at a time, answered with its result or its error's code. */
export type Job =
  | ({ id: number; kind: 'sql' } & Required<QuerySpec>)
  | { id: number; kind: 'diff'; from: PointFile; to: PointFile; limit: number }
  /** Opens a query whose rows are sent a batch at a time, each when the parent asks for it. */
  | ({ id: number; kind: 'open' } & Required<QuerySpec>)
  | { id: number; kind: 'next'; stream: number };

/** Open streams: the cursor and the rows not yet sent. */
const streams = new Map<number, { cursor: QueryCursor; rows: Iterator<SqlValue[]> }>();

function nextBatch(id: number): unknown {
  const stream = streams.get(id);
  if (!stream) return { batch: [], done: true, truncated: false };
  const batch: SqlValue[][] = [];
  let bytes = 0;
  while (batch.length < BATCH_ROWS && bytes < BATCH_BYTES) {
    const next = stream.rows.next();
    if (next.done) {
      streams.delete(id);
      stream.cursor.close();
      return { batch, done: true, truncated: stream.cursor.truncated };
    }
    batch.push(next.value);
    for (const value of next.value)
      bytes +=
        typeof value === 'string' ? value.length : typeof value === 'object' && value !== null ? value.$hex.length : 8;
  }
  return { batch, done: false, truncated: false };
}

function run(job: Job): unknown {
  switch (job.kind) {
    case 'diff':
      return diffDatabases(job.from, job.to, job.limit);
    case 'open': {
      const cursor = openQuery(job);
      streams.set(job.id, { cursor, rows: cursor.rows[Symbol.iterator]() });
      return { atFrameNo: cursor.atFrameNo, columns: cursor.columns };
    }
    case 'next':
      return nextBatch(job.stream);
    case 'sql':
      return runReadOnly(job, (rows) => {
        if (rows % PROGRESS_EVERY === 0) process.send?.({ id: job.id, rows });
      });
  }
}

process.on('message', (job: Job) => {
  try {
    process.send?.({ id: job.id, result: run(job) });
  } catch (error) {
    if (job.kind === 'next') {
      streams.get(job.stream)?.cursor.close();
      streams.delete(job.stream);
    }
    const code = isSegscopeError(error) ? error.code : 'INTERNAL';
    process.send?.({ id: job.id, error: { code, message: error instanceof Error ? error.message : String(error) } });
  }
});
// The parent going away ends the child: a query never outlives the app. An orderly end closes the
// channel; a parent killed outright (SIGKILL) is seen by a thread of its own, since this one may be
// held in one SQLite call for as long as the query takes.
process.on('disconnect', () => process.exit(0));
const parent = Number(process.argv[2]);
if (parent > 0) endWithParent(parent, 'SIGKILL');
