import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** A plain process cannot load TypeScript: the build's copy (npm test builds first). */
const WRITER = fileURLToPath(new URL('../../dist/test/support/sqld-writer-process.js', import.meta.url));

/** sqld-writer-process.ts started on a database, with its messages in the order they come. */
export interface SqldWriter {
  readonly child: ChildProcess;
  /** Its next message; its exit first fails the wait instead of leaving the test waiting. */
  next<T>(): Promise<T>;
}

/** A writer in a process of its own committing to `path` every `everyMs` ms (see sqld-writer-process.ts). */
export function startSqldWriter(path: string, everyMs: number): SqldWriter {
  const child = fork(WRITER, [path, String(everyMs)], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const came: unknown[] = [];
  const waiting: { resolve: (message: unknown) => void; reject: (error: Error) => void }[] = [];
  let exited: Error | null = null;
  child.on('message', (message) => {
    const waiter = waiting.shift();
    if (waiter) waiter.resolve(message);
    else came.push(message);
  });
  child.on('exit', (code) => {
    exited = new Error(`the writer process exited (code ${String(code)})`);
    for (const waiter of waiting.splice(0)) waiter.reject(exited);
  });
  return {
    child,
    next<T>(): Promise<T> {
      if (came.length > 0) return Promise.resolve(came.shift() as T);
      if (exited) return Promise.reject(exited);
      return new Promise<T>((resolve, reject) => {
        waiting.push({ resolve: (message) => resolve(message as T), reject });
      });
    },
  };
}
