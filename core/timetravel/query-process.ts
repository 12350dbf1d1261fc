import { type ChildProcess, fork } from 'node:child_process';
import { compiledModule } from '../compiled-module.js';
import { type ErrorCode, SegscopeError } from '../errors.js';
import type { PointFile } from './changed-trees.js';
import type { DiffResult } from './diff.js';
import type { Job } from './query-process-main.js';
import { DEFAULT_QUERY_LIMITS, timeoutError } from './query-limits.js';
import type { QuerySpec, SqlResult, SqlValue } from './sql.js';

interface Reply {
  id: number;
  /** Rows read so far, sent while a long result is being read. */
  rows?: number;
  result?: unknown;
  error?: { code: ErrorCode; message: string };
}

interface Waiting {
  worker: ChildProcess;
  resolve: (r: unknown) => void;
  reject: (e: Error) => void;
  onRows?: ((rows: number) => void) | undefined;
}

/** A job before it is numbered: Omit taken of each kind of job apart. */
type Unnumbered<T> = T extends unknown ? Omit<T, 'id'> : never;
type JobInput = Unnumbered<Job>;

/** A query for the process: its row limit always said, its byte and time limits by default. */
export type ProcessQuery = QuerySpec & { limit: number };

function fullSpec(spec: ProcessQuery): Required<QuerySpec> {
  const { path, atFrameNo, query, limit, limits = DEFAULT_QUERY_LIMITS } = spec;
  return { path, atFrameNo, query, limit, limits };
}

/** A query's rows as the query process sends them, a batch at a time (the command writes each as it comes). */
export interface RowStream {
  atFrameNo: bigint;
  columns: string[];
  rows: AsyncIterable<SqlValue[]>;
  /** Known once the rows have been read. */
  truncated: boolean;
}

/**
 * Runs queries and diffs in a process of their own: SQLite's calls are synchronous, so a long
 * one in the app's process would freeze its window (or the browser mode's server), and neither a
 * thread nor the driver can stop SQLite in the middle of a statement. Cancelling kills the
 * process, and with it the work; so does a query's time limit running out (QUERY_TIMEOUT). The
 * next job starts a fresh process.
 */
export class QueryProcess {
  private worker: ChildProcess | null = null;
  private nextId = 1;
  private readonly waiting = new Map<number, Waiting>();
  /** Why a process is being ended, for the jobs it takes with it. */
  private readonly endings = new WeakMap<ChildProcess, SegscopeError>();

  /** The running query process's id (tests check that it is gone after a cancel). */
  get pid(): number | null {
    return this.worker?.pid ?? null;
  }

  private start(): ChildProcess {
    if (this.worker) return this.worker;
    // 'advanced' serialization carries bigint and byte arrays as they are.
    // Its parent's pid, which it watches: killed outright, this process must not leave it busy in SQLite.
    const main = compiledModule(import.meta.url, 'query-process-main', 'core/timetravel');
    const worker = fork(main, [String(process.pid)], {
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
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
    worker.on('error', (error) =>
      this.failAll(worker, new SegscopeError('IO_ERROR', `the query process failed: ${error.message}`)),
    );
    worker.on('exit', () => {
      if (this.worker === worker) this.worker = null;
      this.failAll(worker, this.endings.get(worker) ?? new SegscopeError('CANCELLED', 'the query was cancelled'));
    });
    worker.unref();
    worker.channel?.unref();
    this.worker = worker;
    return worker;
  }

  /** Fails the jobs `worker` had (a job sent after it was ended went to the next process). */
  private failAll(worker: ChildProcess, error: Error): void {
    for (const [id, job] of this.waiting) {
      if (job.worker !== worker) continue;
      this.waiting.delete(id);
      job.reject(error);
    }
  }

  /** Sends one job; past `timeoutMs` the process is ended and the job fails with `timeout()`. */
  /** `deadline`: how long the job may run (null: no limit) and the error it ends with after that. */
  private send(
    input: JobInput,
    deadline: { timeoutMs: number | null; timeout: () => SegscopeError },
    onRows?: (rows: number) => void,
    id = this.nextId++,
  ): Promise<unknown> {
    const { timeoutMs, timeout } = deadline;
    const worker = this.start();
    const answer = new Promise((resolve, reject) => {
      this.waiting.set(id, { worker, resolve, reject, onRows });
      worker.channel?.ref();
      worker.send({ ...input, id });
    });
    if (timeoutMs === null) return answer;
    const timer = setTimeout(() => void this.end(timeout()), Math.max(0, timeoutMs));
    return answer.finally(() => clearTimeout(timer));
  }

  /** `flag`: what the timeout's message offers the person for more time. */
  sql(spec: ProcessQuery, onRows?: (rows: number) => void, flag = 'a longer time limit'): Promise<SqlResult> {
    const job = { kind: 'sql' as const, ...fullSpec(spec) };
    const deadline = { timeoutMs: job.limits.timeoutMs, timeout: () => timeoutError(job.limits.timeoutMs, flag) };
    return this.send(job, deadline, onRows) as Promise<SqlResult>;
  }

  /**
   * The same query with its rows sent a batch at a time, each batch asked for once the previous
   * one is written: the command's output streams, and a slow reader holds the query, not memory.
   * The time limit counts the time the process spends on the query, not the time spent waiting
   * for the reader.
   */
  async stream(spec: ProcessQuery, flag: string): Promise<RowStream> {
    const full = fullSpec(spec);
    const { limits } = full;
    let budget = limits.timeoutMs;
    const timeout = () => timeoutError(limits.timeoutMs, flag);
    const timed = async <T>(input: JobInput, id?: number): Promise<T> => {
      const started = performance.now();
      try {
        return (await this.send(input, { timeoutMs: budget, timeout }, undefined, id)) as T;
      } finally {
        budget -= performance.now() - started;
      }
    };
    const streamId = this.nextId++;
    const opened = await timed<{ atFrameNo: bigint; columns: string[] }>({ kind: 'open', ...full }, streamId);
    const out: RowStream = {
      atFrameNo: opened.atFrameNo,
      columns: opened.columns,
      rows: {
        async *[Symbol.asyncIterator]() {
          for (;;) {
            const next = await timed<{ batch: SqlValue[][]; done: boolean; truncated: boolean }>({
              kind: 'next',
              stream: streamId,
            });
            yield* next.batch;
            if (next.done) {
              out.truncated = next.truncated;
              return;
            }
          }
        },
      },
      truncated: false,
    };
    return out;
  }

  /** A diff, ended with QUERY_TIMEOUT past `timeoutMs` as a query is (`flag` names what allows more). */
  diff(
    from: PointFile,
    to: PointFile,
    limit: number,
    { ms: timeoutMs, flag }: { ms: number; flag: string } = {
      ms: DEFAULT_QUERY_LIMITS.timeoutMs,
      flag: 'a longer time limit',
    },
  ): Promise<DiffResult> {
    const deadline = { timeoutMs, timeout: () => timeoutError(timeoutMs, flag, 'the diff') };
    return this.send({ kind: 'diff', from, to, limit }, deadline) as Promise<DiffResult>;
  }

  /** Ends the process with whatever job it runs; its jobs fail with `reason`. */
  private async end(reason: SegscopeError): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    if (!worker || worker.exitCode !== null || worker.signalCode !== null) return;
    this.endings.set(worker, reason);
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    // Held while it dies: an unreferenced child's exit would not keep the caller's process alive to see it.
    worker.ref();
    worker.kill('SIGKILL');
    await exited;
  }

  /** Ends whatever query or diff is running (its caller gets CANCELLED): the process, not only the wait. */
  async cancel(): Promise<void> {
    await this.end(new SegscopeError('CANCELLED', 'the query was cancelled'));
  }

  async close(): Promise<void> {
    await this.cancel();
  }
}
