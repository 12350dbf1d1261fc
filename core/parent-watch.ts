import { Worker } from 'node:worker_threads';

/**
 * The thread's code, inline so that every bundle that calls endWithParent carries it. A thread
 * of its own, because the main thread may be held for minutes in one synchronous SQLite call and
 * would see neither its IPC channel closing nor a timer.
 */
const WATCH = `
const { workerData } = require('node:worker_threads');
const timer = setInterval(() => {
  if (process.ppid === workerData.parent) return;
  clearInterval(timer);
  process.kill(process.pid, workerData.signal);
}, workerData.everyMs);
`;

/**
 * Ends this process once the process that started it (`parent`, a pid) is gone: a parent killed
 * outright (SIGKILL, a crash) can end nothing itself, and its children would run on under PID 1.
 * Its parent changes the moment it dies, so that is what is watched, every `everyMs`. `signal`:
 * SIGKILL for a process with nothing to release, SIGTERM for one that stops in order. The thread
 * keeps nothing alive: the process exits as if it were not there.
 */
export function endWithParent(parent: number, signal: 'SIGKILL' | 'SIGTERM', everyMs = 200): void {
  if (process.ppid !== parent) {
    process.kill(process.pid, signal);
    return;
  }
  const watch = new Worker(WATCH, { eval: true, workerData: { parent, signal, everyMs }, execArgv: [] });
  watch.unref();
}
