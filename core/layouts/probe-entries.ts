import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { join } from 'node:path';
import type { ListedSegment, UnrecognizedFile } from '../api/types.js';
import { HEAD_SIZE } from '../format/detect.js';
import { isoFromMs, isSegmentFormat } from '../format/segment-scan.js';
import type { NamedRange } from '../format/segment-name.js';
import { quickLook } from '../inspect/quick-status.js';
import { probeFileSync } from '../storage/local-file.js';

/**
 * Files read per turn of the event loop. Synchronous open/fstat/read/close costs a few
 * microseconds per file, several times less than the promise API's thread-pool round trips, and
 * batches this small keep the loop (the UI's server, Electron's main process) responsive.
 */
const BATCH = 256;

export interface NamedEntry {
  name: string;
  /** What the name claims, checked against the header; null for a name that claims nothing. */
  named: NamedRange | null;
  /** A time the name carries (the seed's key), as ISO-8601. */
  createdAt?: string | null;
}

/**
 * Reads each entry's first bytes and size and turns it into a listed segment, or an unrecognized
 * entry when its content is no segment format at all. Unreadable files are listed as such.
 */
export async function probeEntries(dir: string, entries: readonly NamedEntry[]): Promise<{ segments: ListedSegment[]; unrecognized: UnrecognizedFile[] }> {
  const buffer = new Uint8Array(HEAD_SIZE);
  const segments: ListedSegment[] = [];
  const unrecognized: UnrecognizedFile[] = [];
  for (const [i, entry] of entries.entries()) {
    if (i > 0 && i % BATCH === 0) await yieldToEventLoop();
    const path = join(dir, entry.name);
    const probe = probeFileSync(path, buffer);
    const expected = entry.named ? { startFrameNo: entry.named.startFrameNo, endFrameNo: entry.named.endFrameNo } : undefined;
    if (!probe) {
      if (entry.named) {
        const start = entry.named.startFrameNo;
        segments.push({ file: entry.name, path, format: 'unknown', startFrameNo: start, endFrameNo: entry.named.endFrameNo ?? start, createdAt: entry.createdAt ?? null, size: 0n, location: 'local', status: 'unreadable' });
      } else {
        unrecognized.push({ file: entry.name, code: 'IO_ERROR', message: `"${entry.name}" could not be read as a regular file` });
      }
      continue;
    }
    const look = quickLook(probe, expected);
    if (!isSegmentFormat(look.format) && !entry.named) {
      unrecognized.push({ file: entry.name, code: 'NOT_A_SEGMENT', message: `"${entry.name}" is ${look.format === 'unknown' ? 'in no format libsql-wal wrote' : `a ${look.format} file`}, not a segment` });
      continue;
    }
    const start = look.startFrameNo ?? entry.named?.startFrameNo ?? 0n;
    const end = entry.named?.endFrameNo ?? look.endFrameNo ?? start;
    segments.push({
      file: entry.name,
      path,
      format: look.format,
      startFrameNo: entry.named?.startFrameNo ?? start,
      endFrameNo: end,
      createdAt: entry.createdAt ?? (look.timeMs !== null ? isoFromMs(look.timeMs) : null),
      size: probe.size,
      location: 'local',
      status: look.status,
    });
  }
  return { segments, unrecognized };
}
