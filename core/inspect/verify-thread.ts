import { serveJobs } from '../thread-jobs.js';
import { claimInLanes } from './claim-lanes.js';
import { verifyFile } from './verify-file.js';

/**
 * The second thread of `verifyFiles`, kept for the process's life: it claims files from the
 * shared counter beside the first thread, two at a time as it does, and replies each one's result
 * as it has it.
 */
serveJobs<{ id: number; paths: string[]; claims: Int32Array }>(async ({ paths, claims }, reply) => {
  await claimInLanes(claims, paths.length, async (index) => {
    reply({ index, segment: await verifyFile(paths[index] as string) });
  });
});
