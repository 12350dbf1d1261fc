import { compiledModule } from '../compiled-module.js';
import { type MarkTable, markTable, takeClaim, takeClaims } from './mark-slots.js';

/**
 * Below this many paths a second thread costs more to start (about 20 ms here) than taking part
 * of the stats off this one saves (a stat is 3-4 microseconds, nearly all of it the path lookup).
 */
const SPLIT_FROM = 20_000;

/**
 * The marks of many paths (`markUnchanged` compares against them in place) and how many threads
 * took them, as a Reload takes them for every file it keeps: the lookups are the whole cost, so
 * with many paths a second thread claims batches of them beside this one. Should that thread fail
 * to start or fail at all, this one takes whatever it left.
 */
export async function statMarks(paths: readonly string[]): Promise<{ marks: Float64Array; threads: 1 | 2 }> {
  const table = markTable(paths);
  // The helper must be running before this thread starts claiming, or it finds nothing left.
  const helper = paths.length >= SPLIT_FROM ? await startHelper(table) : null;
  takeClaims(table);
  const helped = helper !== null && (await helper.done);
  // The helper's claims that it never wrote (it failed, or never started).
  for (const [claim, written] of table.written.entries()) if (!written) takeClaim(table, claim);
  return { marks: table.marks, threads: helped ? 2 : 1 };
}

/** A started helper, whose `done` says whether it finished its claims; null when none could start. */
async function startHelper(table: MarkTable): Promise<{ done: Promise<boolean> } | null> {
  // Loaded only for a folder this large: most listings never start a thread.
  const { Worker } = await import('node:worker_threads');
  try {
    const worker = new Worker(compiledModule(import.meta.url, 'stat-thread.js', 'core/storage'), { workerData: table });
    const done = new Promise<boolean>((resolve) => {
      worker.once('message', () => resolve(true));
      worker.once('error', () => resolve(false));
      worker.once('exit', () => resolve(false));
    });
    return { done };
  } catch {
    return null;
  }
}
