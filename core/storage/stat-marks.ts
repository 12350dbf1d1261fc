import type { Worker } from 'node:worker_threads';
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
 * to start or fail at all, this one takes whatever it left (and the next call starts another).
 */
export async function statMarks(paths: readonly string[]): Promise<{ marks: Float64Array; threads: 1 | 2 }> {
  const table = markTable(paths);
  // The helper is sent the table before this thread starts claiming, or it finds nothing left.
  const helped = paths.length >= SPLIT_FROM ? await helpWith(table) : null;
  takeClaims(table);
  const done = helped !== null && (await helped.done);
  // The helper's claims that it never wrote (it failed, or never started).
  for (const [claim, written] of table.written.entries()) if (!written) takeClaim(table, claim);
  return { marks: table.marks, threads: done ? 2 : 1 };
}

/** The second thread, kept once started: a Reload would otherwise wait for it to start each time (20-50 ms). */
interface Helper {
  worker: Worker;
  /** Tables sent and not yet done, by number: each is told whether the helper finished it. */
  waiting: Map<number, (done: boolean) => void>;
  sent: number;
  /** It failed or exited: the next call starts another. */
  failed: boolean;
}

let helper: Promise<Helper | null> | null = null;

/** Sends the table to the helper thread, started if need be; `done` says whether it finished its claims (null: no helper). */
async function helpWith(table: MarkTable): Promise<{ done: Promise<boolean> } | null> {
  let h = await (helper ??= startHelper());
  if (h?.failed) h = await (helper = startHelper());
  if (!h) {
    helper = null;
    return null;
  }
  const id = ++h.sent;
  const done = new Promise<boolean>((resolve) => h.waiting.set(id, resolve));
  // Held while it has work, so a caller awaiting it is not left behind by a process that exits.
  h.worker.ref();
  h.worker.postMessage({ id, table });
  return { done };
}

async function startHelper(): Promise<Helper | null> {
  // Loaded only for a folder this large: most listings never start a thread.
  const { Worker } = await import('node:worker_threads');
  try {
    // None of the process's own options: one for its entry (`--input-type` with `-e`) fails a thread's.
    const worker = new Worker(compiledModule(import.meta.url, 'stat-thread.js', 'core/storage'), { execArgv: [] });
    const h: Helper = { worker, waiting: new Map(), sent: 0, failed: false };
    const settle = (id: number, done: boolean) => {
      h.waiting.get(id)?.(done);
      h.waiting.delete(id);
      // Idle, it keeps nothing alive: the app or the command exits as if it were not there.
      if (h.waiting.size === 0) worker.unref();
    };
    worker.on('message', (id: number) => settle(id, true));
    const fail = () => {
      h.failed = true;
      for (const id of [...h.waiting.keys()]) settle(id, false);
    };
    worker.once('error', fail);
    worker.once('exit', fail);
    return h;
  } catch {
    return null;
  }
}
