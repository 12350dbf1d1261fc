import { type ChildProcess, fork } from 'node:child_process';
import { compiledModule } from '../compiled-module.js';
import { type ErrorCode, SegscopeError } from '../errors.js';
import type { PointFile } from './changed-trees.js';
import type { DiffResult } from './diff.js';
import type { Job } from './query-process-main.js';
import type { SqlResult } from './sql.js';

interface Reply {
  id: number;
  /** Rows read so far, sent while a long result is being read. */
  rows?: number;
  result?: unknown;
  error?: { code: ErrorCode; message: string };
}

/** A job before it is numbered: Omit taken of each kind of job apart. */
type Unnumbered<T> = T extends unknown ? Omit<T, 'id'> : never;
type JobInput = Unnumbered<Job>;

/**
 * Runs queries and diffs in a process of their own: SQLite's calls are synchronous, so a long
 * one in the app's process would freeze its window (or the browser mode's server), and a thread
 * cannot be stopped in the middle of a native call. Cancelling kills the process, and with it
 * the work; the next job starts a fresh one.
 */
export class QueryProcess {
  private worker: ChildProcess | null = null;
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (r: unknown) => void; reject: (e: Error) => void; onRows?: ((rows: number) => void) | undefined }>();

  private start(): ChildProcess {
    if (this.worker) return this.worker;
    // 'advanced' serialization carries bigint and byte arrays as they are.
    const worker = fork(compiledModule(import.meta.url, 'query-process-main', 'core/timetravel'), [], { serialization: 'advanced', stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    worker.on('message', (message) => {
      const reply = message as Reply;
      if (reply.rows !== undefined) {
        this.waiting.get(reply.id)?.onRows?.(reply.rows);
        return;
      }
      const job = this.waiting.get(reply.id);
      this.waiting.delete(reply.id);
      if (!job) return;
      if (this.waiting.size === 0) worker.channel?.unref();
      if (reply.result !== undefined) job.resolve(reply.result);
      else job.reject(new SegscopeError(reply.error?.code ?? 'IO_ERROR', reply.error?.message ?? 'the query failed'));
    });
    worker.on('error', (error) => this.failAll(new SegscopeError('IO_ERROR', `the query process failed: ${error.message}`)));
    worker.on('exit', () => {
      if (this.worker === worker) this.worker = null;
      this.failAll(new SegscopeError('CANCELLED', 'the query was cancelled'));
    });
    worker.unref();
    worker.channel?.unref();
    this.worker = worker;
    return worker;
  }

  private failAll(error: Error): void {
    for (const job of this.waiting.values()) job.reject(error);
    this.waiting.clear();
  }

  private send(input: JobInput, onRows?: (rows: number) => void): Promise<unknown> {
    const worker = this.start();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject, onRows });
      worker.channel?.ref();
      worker.send({ ...input, id });
    });
  }

  sql(path: string, atFrameNo: bigint, query: string, limit: number, onRows?: (rows: number) => void): Promise<SqlResult> {
    return this.send({ kind: 'sql', path, atFrameNo, query, limit }, onRows) as Promise<SqlResult>;
  }

  diff(from: PointFile, to: PointFile, limit: number): Promise<DiffResult> {
    return this.send({ kind: 'diff', from, to, limit }) as Promise<DiffResult>;
  }

  /** Ends whatever query or diff is running (its caller gets CANCELLED). */
  async cancel(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    if (!worker || worker.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    // Held while it dies: an unreferenced child's exit would not keep the caller's process alive to see it.
    worker.ref();
    worker.kill('SIGKILL');
    await exited;
  }

  async close(): Promise<void> {
    await this.cancel();
  }
}
