import { serveJobs } from '../thread-jobs.js';
import { verifyFile } from './verify-file.js';

/**
 * The second thread of `verifyFiles`, kept for the process's life: it claims files from the
 * shared counter beside the first thread and replies each one's result as it has it.
 */
serveJobs<{ id: number; paths: string[]; claims: Int32Array }>(async ({ paths, claims }, reply) => {
  for (let index = Atomics.add(claims, 0, 1); index < paths.length; index = Atomics.add(claims, 0, 1)) {
    reply({ index, segment: await verifyFile(paths[index] as string) });
  }
});
