import type { ProgressListener } from '../progress.js';
import type { CliIo } from './command.js';

/** A one-line progress display on stderr, only when a person is watching (a terminal). */
export function progressLine(io: CliIo): ProgressListener | undefined {
  if (!io.stderr.isTTY) return undefined;
  let lastDraw = 0;
  return (event) => {
    const now = Date.now();
    const finished = event.done >= event.total;
    if (!finished && now - lastDraw < 100) return;
    lastDraw = now;
    const pct = event.total > 0 ? Math.floor((event.done / event.total) * 100) : 100;
    io.stderr.write(`\r${event.phase} ${event.id}: ${pct}%${finished ? '\n' : ''}`);
  };
}
