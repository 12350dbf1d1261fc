import { parentPort } from 'node:worker_threads';

/** What a kept thread posts back for job `id`: any number of replies, then one with `done`. */
export interface JobReply {
  id: number;
  done?: true;
  [field: string]: unknown;
}

/**
 * The thread's side of a `KeptThread`: runs `handle` for each job it is sent, passing it a way to
 * reply, and says the job is done once `handle` has settled.
 */
export function serveJobs<Message extends { id: number }>(
  handle: (job: Message, reply: (fields: object) => void) => unknown,
): void {
  const run = async (job: Message) => {
    const reply = (fields: object) => parentPort?.postMessage({ ...fields, id: job.id });
    try {
      await handle(job, reply);
    } catch {
      // Nothing more comes for this job either way; what it did not reply, the caller does itself.
    }
    parentPort?.postMessage({ id: job.id, done: true });
  };
  // Jobs run side by side and each ends with its `done` message, which the caller waits for;
  // `run` catches what the job throws, so nothing is left for the emitter to handle.
  parentPort?.on('message', (job: Message) => void run(job));
}
