import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { join } from 'node:path';
import type { ListedSegment, UnrecognizedFile } from '../api/types.js';
import { HEAD_SIZE } from '../format/detect.js';
import { isoFromMs, isSegmentFormat } from '../format/segment-scan.js';
import type { NamedRange } from '../format/segment-name.js';
import { quickLook } from '../inspect/quick-status.js';
import { type FileMark, probeFileSync } from '../storage/local-file.js';
import type { ListingCache } from './listing-cache.js';

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

/** What one entry turned out to be. */
type Probed = { segment: ListedSegment; unrecognized?: never } | { unrecognized: UnrecognizedFile; segment?: never };

/** Reads one entry's first bytes and size; the mark is null when it could not be read. */
function probeOne(path: string, entry: NamedEntry, buffer: Uint8Array): { probed: Probed; mark: FileMark | null } {
  const probe = probeFileSync(path, buffer);
  const expected = entry.named ? { startFrameNo: entry.named.startFrameNo, endFrameNo: entry.named.endFrameNo } : undefined;
  if (!probe) {
    if (!entry.named) return { probed: { unrecognized: { file: entry.name, code: 'IO_ERROR', message: `"${entry.name}" could not be read as a regular file` } }, mark: null };
    const start = entry.named.startFrameNo;
    const segment: ListedSegment = { file: entry.name, path, format: 'unknown', startFrameNo: start, endFrameNo: entry.named.endFrameNo ?? start, createdAt: entry.createdAt ?? null, size: 0n, location: 'local', status: 'unreadable' };
    return { probed: { segment }, mark: null };
  }
  const look = quickLook(probe, expected);
  if (!isSegmentFormat(look.format) && !entry.named) {
    const message = `"${entry.name}" is ${look.format === 'unknown' ? 'in no format libsql-wal wrote' : `a ${look.format} file`}, not a segment`;
    return { probed: { unrecognized: { file: entry.name, code: 'NOT_A_SEGMENT', message } }, mark: probe.mark };
  }
  const start = look.startFrameNo ?? entry.named?.startFrameNo ?? 0n;
  const segment: ListedSegment = {
    file: entry.name,
    path,
    format: look.format,
    startFrameNo: entry.named?.startFrameNo ?? start,
    endFrameNo: entry.named?.endFrameNo ?? look.endFrameNo ?? start,
    createdAt: entry.createdAt ?? (look.timeMs !== null ? isoFromMs(look.timeMs) : null),
    size: probe.size,
    location: 'local',
    status: look.status,
  };
  return { probed: { segment }, mark: probe.mark };
}

/**
 * Reads each entry's first bytes and size and turns it into a listed segment, or an unrecognized
 * entry when its content is no segment format at all. Unreadable files are listed as such. With
 * a cache, an entry whose stat is unchanged since the last listing is not read again.
 */
async function probeEntries(dir: string, entries: readonly NamedEntry[], cache: ListingCache | null): Promise<{ segments: ListedSegment[]; unrecognized: UnrecognizedFile[] }> {
  const buffer = new Uint8Array(HEAD_SIZE);
  const segments: ListedSegment[] = [];
  const unrecognized: UnrecognizedFile[] = [];
  const files = cache?.filesOf(dir);
  for (const [i, entry] of entries.entries()) {
    if (i > 0 && i % BATCH === 0) await yieldToEventLoop();
    const path = join(dir, entry.name);
    let probed = files?.get<Probed>(entry.name, path);
    if (!probed) {
      const seenAt = Date.now();
      const read = probeOne(path, entry, buffer);
      probed = read.probed;
      if (read.mark) files?.keep(entry.name, read.mark, seenAt, probed);
    }
    if (probed.segment) segments.push(probed.segment);
    else unrecognized.push(probed.unrecognized);
  }
  files?.finish();
  return { segments, unrecognized };
}

/** A folder's entries sorted by name: candidates to probe, and what is no segment by its name or type. */
export interface FolderNames {
  entries: NamedEntry[];
  unrecognized: UnrecognizedFile[];
}

/**
 * One local folder of segments listed: its names sorted by `readNames` (null when the folder is
 * missing), then each candidate probed; both kept in `cache`, if any, for the next listing.
 */
export async function listFolder(dir: string, cache: ListingCache | null, readNames: () => Promise<FolderNames | null>): Promise<{ segments: ListedSegment[]; unrecognized: UnrecognizedFile[] } | null> {
  const names = cache ? await cache.folder(dir, readNames) : await readNames();
  if (!names) return null;
  const probed = await probeEntries(dir, names.entries, cache);
  return { segments: probed.segments, unrecognized: [...names.unrecognized, ...probed.unrecognized] };
}
