import { parentPort, workerData } from 'node:worker_threads';
import { type MarkTable, takeClaims } from './mark-slots.js';

/**
 * The second thread of `statMarks`: it claims and takes marks beside the first until none is
 * left, then says so. It imports nothing heavy, so it starts in milliseconds.
 */
takeClaims(workerData as MarkTable);
parentPort?.postMessage('done');
