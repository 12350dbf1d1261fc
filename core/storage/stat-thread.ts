import { serveJobs } from '../thread-jobs.js';
import { type MarkTable, takeClaims } from './mark-slots.js';

/**
 * The second thread of `statMarks`, kept for the process's life: for each table it is sent, it
 * claims and takes marks beside the first thread until none is left. It imports nothing heavy,
 * so it starts in milliseconds.
 */
serveJobs<{ id: number; table: MarkTable }>(({ table }) => takeClaims(table));
