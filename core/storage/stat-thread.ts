import { parentPort } from 'node:worker_threads';
import { type MarkTable, takeClaims } from './mark-slots.js';

/**
 * The second thread of `statMarks`, kept for the process's life: for each table it is sent, it
 * claims and takes marks beside the first thread until none is left, then says so by the
 * table's number. It imports nothing heavy, so it starts in milliseconds.
 */
parentPort?.on('message', ({ id, table }: { id: number; table: MarkTable }) => {
  takeClaims(table);
  parentPort?.postMessage(id);
});
