import { compiledModule } from '../compiled-module.js';
import { type MarkTable, markTable, takeClaim, takeClaims } from './mark-slots.js';

/**
 * Below this many paths a second thread costs more to start (about 20 ms here) than taking part
 * of the stats off this one saves (a stat is 3-4 microseconds, nearly all of it the path lookup).
 */
const SPLIT_FROM = 20_000;

/**
 * The marks of many paths (`readMark` reads them out of the table) and how many threads took
 * them, as a Reload takes them for every file it keeps: the lookups are the whole cost, so with
 * many paths a second thread claims batches of them beside this one. Should that thread fail to
 * start or fail at all, this one takes whatever it left.
 */
export async function statMarks(paths: readonly string[]): Promise<{ marks: Float64Array; threads: 1 | 2 }> {
  const table = markTable(paths);
  const helper = paths.length >= SPLIT_FROM ? startHelper(table) : Promise.resolve(false);
  takeClaims(table);
  const helped = await helper;
  // The helper's claims that it never wrote (it failed, or never started).
  for (const [claim, written] of table.written.entries()) if (!written) takeClaim(table, claim);
  return { marks: table.marks, threads: helped ? 2 : 1 };
}

/** True when the thread finished its claims; false when it could not. */
async function startHelper(table: MarkTable): Promise<boolean> {
  // Loaded only for a folder this large: most listings never start a thread.
  const { Worker } = await import('node:worker_threads');
  return new Promise((resolve) => {
    try {
      const worker = new Worker(compiledModule(import.meta.url, 'stat-thread.js', 'core/storage'), { workerData: table });
      worker.once('message', () => resolve(true));
      worker.once('error', () => resolve(false));
      worker.once('exit', () => resolve(false));
    } catch {
      resolve(false);
    }
  });
}
