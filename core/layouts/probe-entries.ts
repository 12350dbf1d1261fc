import { lstatSync } from 'node:fs';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { UnrecognizedFile } from '../model/results.js';
import { errnoCode, fsError } from '../errors.js';
import { HEAD_SIZE } from '../format/detect.js';
import { isSegmentFormat } from '../format/segment-scan.js';
import { msInDateRange } from '../format/recorded-time.js';
import { quickLook } from '../format/quick-status.js';
import { claimedFormat } from '../format/sqld-snapshot.js';
import { type NotRegular, probeFileSync } from '../storage/local-file.js';
import { type FileMark } from '../storage/file-mark.js';
import type { FirstRowsWatch } from './layout.js';
import type { FolderFiles, ListingCache } from './listing-cache.js';
import { ListingCandidates, type NamedEntry } from './listing-candidates.js';
import { firstLink, linkEntry } from '../storage/no-links.js';
import { type SegmentRow, SegmentRows, SegmentRowsBuilder, folderPrefix } from './segment-rows.js';
import { fsPath, readNames as readFolderNames } from '../fs-names.js';

/**
 * Files read per turn of the event loop. Synchronous open/fstat/read/close costs a few
 * microseconds per file, several times less than the promise API's thread-pool round trips, and
 * batches this small keep the loop (the UI's server, Electron's main process) responsive.
 */
const BATCH = 256;
/** Names classified per turn: a name costs a microsecond or two, no system call. */
const CLASSIFY_BATCH = 4096;

/** What a layout makes of a name in its folder: a file to probe, one to pass over, or no segment. */
export type Classify = (name: string) => NamedEntry | 'skip' | UnrecognizedFile;

/** A folder's listing, and whether its rows were read in their order (so its first rows can be given early). */
interface Listed {
  segments: SegmentRows;
  unrecognized: UnrecognizedFile[];
  ordered: boolean;
  candidates: number;
}

/** What one entry turned out to be. */
type Probed = { row: SegmentRow; unrecognized?: never } | { unrecognized: UnrecognizedFile; row?: never };

/** Reads one entry's first bytes and size; the mark is null when it could not be read. */
function probeOne(path: string, entry: NamedEntry, buffer: Uint8Array): { probed: Probed; mark: FileMark | null } {
  const probe = probeFileSync(path, buffer);
  const file = entry.name;
  if (probe && 'notRegular' in probe) {
    return { probed: { unrecognized: notRegularMessage(file, probe.notRegular) }, mark: null };
  }
  if (!probe) {
    if (!entry.named)
      return {
        probed: { unrecognized: { file, code: 'IO_ERROR', message: `"${file}" could not be read as a regular file` } },
        mark: null,
      };
    const start = entry.named.startFrameNo;
    const row: SegmentRow = {
      file,
      format: 'unknown',
      startFrameNo: start,
      endFrameNo: entry.named.endFrameNo ?? start,
      createdAt: entry.createdAt ?? null,
      size: 0,
      status: 'unreadable',
    };
    return { probed: { row }, mark: null };
  }
  const expected = entry.named
    ? { startFrameNo: entry.named.startFrameNo, endFrameNo: entry.named.endFrameNo }
    : undefined;
  const look = quickLook(probe, expected, claimedFormat(path));
  if (!isSegmentFormat(look.format) && !entry.named) {
    const message = `"${file}" is ${
      look.format === 'unknown' ? 'in no format libsql-wal ' + 'wrote' : `a ${look.format} file`
    }, not a segment`;
    return { probed: { unrecognized: { file, code: 'NOT_A_SEGMENT', message } }, mark: probe.mark };
  }
  const start = look.startFrameNo ?? entry.named?.startFrameNo ?? 0n;
  const row: SegmentRow = {
    file,
    format: look.format,
    status: look.status,
    startFrameNo: entry.named?.startFrameNo ?? start,
    endFrameNo: entry.named?.endFrameNo ?? look.endFrameNo ?? start,
    createdAt: entry.createdAt ?? (look.timeMs !== null ? msInDateRange(look.timeMs) : null),
    size: probe.mark.size,
  };
  return { probed: { row }, mark: probe.mark };
}

/** A name no segment carries may still be a folder or a link: that is what the operator should hear. */
function notRegularEntry(path: string, file: string): UnrecognizedFile | null {
  const info = lstatSync(fsPath(path), { throwIfNoEntry: false });
  if (!info || info.isFile()) return null;
  return notRegularMessage(file, info.isSymbolicLink() ? 'link' : info.isDirectory() ? 'directory' : 'other');
}

function notRegularMessage(file: string, kind: NotRegular['notRegular']): UnrecognizedFile {
  if (kind === 'link') return linkEntry(file);
  return {
    file,
    code: 'NOT_A_SEGMENT',
    message: `"${file}" is ${kind === 'directory' ? 'a directory' : 'not a regular file'}, not a segment`,
  };
}

/** How a layout's folder is read: what to call it in errors, and what its absence means. */
export interface FolderReading {
  what: string;
  /**
   * The layout's root, when the folder lies inside it: a link on the way to the folder (or the
   * folder itself) is reported, and nothing behind it read. Absent for the folder the operator opened.
   */
  inside?: string;
  /** 'none': a missing folder is nothing to list (null); 'error': it is the operator's mistake. */
  missing: 'none' | 'error';
}

/** A folder's names, or null when it is missing and that is allowed. */
async function readNames(dir: string, reading: FolderReading): Promise<string[] | null> {
  try {
    return await readFolderNames(dir);
  } catch (error) {
    if (reading.missing === 'none' && errnoCode(error) === 'ENOENT') return null;
    throw fsError(error, reading.what, dir);
  }
}

/** Reads a candidate the last listing did not, and keeps what it said for the next one. */
function readCandidate(
  prefix: string,
  entry: NamedEntry,
  buffer: Uint8Array,
  files: FolderFiles | null,
): { probed: Probed; kept: boolean } {
  const seenAt = Date.now();
  const read = probeOne(prefix + entry.name, entry, buffer);
  return {
    probed: read.probed,
    kept: read.mark !== null && files !== null && files.keep(entry.name, read.mark, seenAt, read.probed),
  };
}

/** How `probeNames` reads a folder's names: `prefix` is the folder's path as messages show it. */
interface NamesProbe {
  prefix: string;
  classify: Classify;
  files: FolderFiles | null;
  first: FirstRowsWatch | null;
}

/**
 * Each name classified (or taken from `files` when the last listing read it and its stat is
 * unchanged), then each candidate read into a row or an unrecognized entry, in the order the
 * rows are listed where the names tell it: `first` then gets the first rows while the others
 * are still to be read, and the rows need no sorting afterwards.
 */
async function probeNames(
  dir: string,
  names: readonly string[],
  { prefix, classify, files, first }: NamesProbe,
): Promise<{ segments: SegmentRows; unrecognized: UnrecognizedFile[] }> {
  // Every file as the last listing found it, in a folder whose names are unchanged: what that
  // listing made is what this one would make (Reload of a folder nothing was written to).
  const last = files?.unchangedListing<Listed>(names);
  if (last) {
    if (last.ordered && first) first.deliver(last.segments.first(first.rows), last.candidates);
    return { segments: last.segments, unrecognized: [...last.unrecognized] };
  }
  const unrecognized: UnrecognizedFile[] = [];
  const candidates = new ListingCandidates<Probed>(names, files !== null);
  for (const [i, name] of names.entries()) {
    if (i > 0 && i % CLASSIFY_BATCH === 0) await yieldToEventLoop();
    // A name classifies the same way every time, so a file kept from the last listing needs
    // only its stat; a name never kept (junk, a skipped index) costs no stat here.
    const kept = files?.get<Probed>(name);
    if (kept?.unrecognized) unrecognized.push(kept.unrecognized);
    else if (kept) candidates.addKept(i, kept, kept.row);
    else {
      const entry = classify(name);
      if (entry === 'skip') continue;
      if ('code' in entry) unrecognized.push(notRegularEntry(prefix + name, name) ?? entry);
      else candidates.add(i, entry);
    }
  }
  const order = candidates.readOrder();
  let allKept = true;
  const buffer = new Uint8Array(HEAD_SIZE);
  const rows = new SegmentRowsBuilder(dir, candidates.length);
  for (let i = 0; i < candidates.length; i++) {
    if (i > 0 && i % BATCH === 0) await yieldToEventLoop();
    const at = order ? (order[i] as number) : i;
    let probed = candidates.keptAt(at);
    if (!probed) {
      const read = readCandidate(prefix, candidates.entry(at), buffer, files);
      probed = read.probed;
      allKept &&= read.kept;
    }
    if (probed.unrecognized) {
      unrecognized.push(probed.unrecognized);
      continue;
    }
    rows.add(probed.row);
    if (order && first && rows.length === first.rows) first.deliver(rows.finish().first(first.rows), candidates.length);
  }
  const listed: Listed = {
    segments: rows.finish(),
    unrecognized,
    ordered: order !== null,
    candidates: candidates.length,
  };
  files?.keepListing(names, listed, allKept);
  return { segments: listed.segments, unrecognized: [...unrecognized] };
}

/** How `listFolder` reads one folder; `first` is told the first rows as soon as they are read. */
export interface FolderListing {
  cache: ListingCache | null;
  reading: FolderReading;
  classify: Classify;
  first?: FirstRowsWatch | null;
}

/**
 * One local folder of segments listed: its names read (kept in `cache`, if any, while the
 * folder's stat is unchanged), each classified by `classify`, and each candidate's first bytes
 * and size read into a row, or into an unrecognized entry when its content is no segment format
 * at all or it is no regular file. Unreadable files are listed as such. With a cache, a file whose
 * stat is unchanged since the last listing is not read again. Null when the folder is missing
 * (and `reading` allows that).
 */
export async function listFolder(
  dir: string,
  { cache, reading, classify, first = null }: FolderListing,
): Promise<{ segments: SegmentRows; unrecognized: UnrecognizedFile[] } | null> {
  const link = reading.inside !== undefined ? firstLink(reading.inside, dir) : null;
  if (link !== null) return { segments: SegmentRows.none(), unrecognized: [linkEntry(link)] };
  const names = cache ? await cache.folder(dir, () => readNames(dir, reading)) : await readNames(dir, reading);
  if (!names) return null;
  const prefix = folderPrefix(dir);
  if (!cache) return probeNames(dir, names, { prefix, classify, files: null, first });
  return cache.withFiles(dir, prefix, (files) => probeNames(dir, names, { prefix, classify, files, first }));
}
