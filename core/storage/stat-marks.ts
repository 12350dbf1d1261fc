import { compiledModule } from '../compiled-module.js';
import { KeptThread } from '../kept-thread.js';
import { markTable, takeClaim, takeClaims } from './mark-slots.js';

/**
 * Below this many paths a second thread costs more to start than taking part of the stats off
 * this one saves (a stat takes microseconds, nearly all of it the path lookup).
 */
const SPLIT_FROM = 20_000;

/** The second thread: stat-thread.ts. */
const helper = new KeptThread(() => compiledModule(import.meta.url, 'stat-thread', 'core/storage'));

/**
 * The marks of many paths (`markUnchanged` compares against them in place) and how many threads
 * took them, as a Reload takes them for every file it keeps: the lookups are the whole cost, so
 * with many paths a second thread claims batches of them beside this one. Should that thread fail
 * to start or fail at all, this one takes whatever it left (and the next call starts another).
 */
export async function statMarks(paths: readonly string[]): Promise<{ marks: Float64Array; threads: 1 | 2 }> {
  const table = markTable(paths);
  // The helper is sent the table before this thread starts claiming, or it finds nothing left.
  const helped = paths.length >= SPLIT_FROM ? await helper.send({ table }) : null;
  takeClaims(table);
  const done = helped !== null && (await helped.done);
  // The helper's claims that it never wrote (it failed, or never started).
  for (const [claim, written] of table.written.entries()) if (!written) takeClaim(table, claim);
  return { marks: table.marks, threads: done ? 2 : 1 };
}
