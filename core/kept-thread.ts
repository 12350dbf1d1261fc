import type { Worker } from 'node:worker_threads';
import type { JobReply } from './thread-jobs.js';

interface Job {
  onReply: (reply: never) => void;
  settle: (done: boolean) => void;
}

interface Running {
  worker: Worker;
  jobs: Map<number, Job>;
  sent: number;
  /** It failed or exited: the next job starts another. */
  failed: boolean;
}

/**
 * A worker thread started on first use and kept for the process's life, for work that a second
 * core speeds up (stats of a Reload, checksums of a verify): starting a thread costs tens of
 * milliseconds, which a Reload or a second verify would otherwise pay each time. Held while it has a job, so a
 * caller awaiting it is not left behind by a process that exits; idle, it keeps nothing alive,
 * and the app or the command exits as if it were not there. Its module answers with `serveJobs`.
 */
export class KeptThread {
  private running: Promise<Running | null> | null = null;

  /** `entry`: the compiled module's path, asked only when the thread first starts. */
  constructor(private readonly entry: () => string) {}

  /** Started already (a job sent now costs no start), as far as is known without waiting. */
  get started(): boolean {
    return this.running !== null;
  }

  /**
   * Sends a job (`message` gets its number as `id`); the thread's replies for it reach `onReply`,
   * and `done` settles once nothing more will come: true when the thread said so, false when it
   * failed first. Either way, work it did not reply is the caller's to do. Null when no thread
   * could be started: the caller does all of it.
   */
  async send<Reply extends JobReply>(
    message: object,
    onReply: (reply: Reply) => void = () => undefined,
  ): Promise<{ done: Promise<boolean> } | null> {
    let running = await (this.running ??= this.start());
    if (running?.failed) running = await (this.running = this.start());
    if (!running) {
      this.running = null;
      return null;
    }
    const r = running;
    const id = ++r.sent;
    const done = new Promise<boolean>((settle) => r.jobs.set(id, { onReply, settle }));
    r.worker.ref();
    r.worker.postMessage({ ...message, id });
    return { done };
  }

  /**
   * Ends the thread now, whatever it is doing (Cancel): its jobs settle as failed, and the next
   * job starts another.
   */
  async stop(): Promise<void> {
    const running = await this.running;
    this.running = null;
    await running?.worker.terminate();
  }

  private async start(): Promise<Running | null> {
    // Loaded only when a job is large enough for a thread: most commands never start one.
    const { Worker } = await import('node:worker_threads');
    try {
      // None of the process's own options: one for its entry (`--input-type` with `-e`) fails a thread's.
      const worker = new Worker(this.entry(), { execArgv: [] });
      const r: Running = { worker, jobs: new Map(), sent: 0, failed: false };
      const settle = (id: number, done: boolean) => {
        r.jobs.get(id)?.settle(done);
        r.jobs.delete(id);
        if (r.jobs.size === 0) worker.unref();
      };
      worker.on('message', (reply: JobReply) => {
        if (reply.done) settle(reply.id, true);
        // The thread's module and the sender agree on the reply's shape (one job kind a thread).
        else r.jobs.get(reply.id)?.onReply(reply as never);
      });
      const fail = () => {
        r.failed = true;
        for (const id of [...r.jobs.keys()]) settle(id, false);
      };
      worker.once('error', fail);
      worker.once('exit', fail);
      return r;
    } catch {
      return null;
    }
  }
}
