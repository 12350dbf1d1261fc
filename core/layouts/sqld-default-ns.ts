import { join } from 'node:path';
import type { ListedSegment, UnrecognizedFile } from '../model/results.js';
import { HEAD_SIZE } from '../format/detect.js';
import { decodeSnapshotHeader, looksSnapshot, parseSnapshotName, snapshotName } from '../format/sqld-snapshot.js';
import { WALLOG_HEADER_SIZE } from '../format/wallog.js';
import {
  DATA,
  DATA_SHM,
  DATA_WAL,
  LOG_FILES,
  LOG_FOLDERS,
  SNAPSHOTS,
  TO_COMPACT,
  WALLOG,
} from '../format/sqld-names.js';
import { quickLook } from '../format/quick-status.js';
import { probeFileSync } from '../storage/local-file.js';
import { scanFile } from '../storage/scan-file.js';
import { SQLITE_WAL_FRAME_HEADER_SIZE, SQLITE_WAL_HEADER_SIZE } from '../format/sqlite-wal.js';
import { isSegscopeError } from '../errors.js';
import type { NamespaceListing } from './layout.js';
import type { ListingCache } from './listing-cache.js';
import type { NamedEntry } from './listing-candidates.js';
import { listFolder } from './list-folder.js';
import { type SegmentRow, SegmentRowsBuilder } from './segment-rows.js';
import { readDatabaseFile, unreadableEntry } from './sqld-database.js';
import { checkpointMark } from './sqld-checkpoint-mark.js';
import { linkEntry } from '../storage/no-links.js';
import { readNamesSync } from '../fs-names.js';

const SENTINEL = '.sentinel';

/** Files sqld leaves in a namespace folder that are legitimate but transient or obsolete. */
const TRANSIENT: Record<string, string> = {
  'stats.tmp': 'statistics being rewritten',
  'config.json': 'a namespace configuration of sqld 2023-06..2023-12; newer sqld keeps it in the metastore',
  'db.gz': 'a bottomless snapshot being uploaded',
  'db.zstd': 'a bottomless snapshot being uploaded',
  'data.tmp': 'a bottomless restore in progress',
  'data.tmp-wal': 'a bottomless restore in progress',
  'data.tmp-shm': 'a bottomless restore in progress',
};
const EXPECTED = new Set([DATA, DATA_SHM, 'stats.json', 'client_wal_index', 'tmp', ...LOG_FOLDERS, ...LOG_FILES]);

/**
 * A file of `snapshots/` by its name. One named otherwise than sqld names them (a copy, a rename)
 * is no part of the log, but where its header is a snapshot's the refusal says which frames it
 * holds and the name sqld would give it: a gap in the log is then this file, not lost frames.
 */
function classifySnapshot(nsDir: string, name: string): NamedEntry | UnrecognizedFile {
  const named = parseSnapshotName(name);
  if (named) return { name, named };
  const probe = probeFileSync(join(nsDir, SNAPSHOTS, name), new Uint8Array(HEAD_SIZE));
  const header = probe && !('notRegular' in probe) && looksSnapshot(probe.head, probe.size) ? probe.head : null;
  const h = header && decodeSnapshotHeader(header);
  const holds = h
    ? `; its header says it holds frames ${h.startFrameNo}..${h.endFrameNo} of log ${h.logId}, which sqld ` +
      `names ${snapshotName(h.logId, h.startFrameNo, h.endFrameNo)}`
    : '';
  return {
    file: `${SNAPSHOTS}/${name}`,
    code: 'INVALID_SEGMENT_NAME',
    message: `"${name}" is not named {log_id}-{start}-{end}.snap as sqld names its snapshots${holds}`,
    ...(h ? { holds: { fromFrameNo: h.startFrameNo, toFrameNo: h.endFrameNo } } : {}),
  };
}

function rowOf(file: string, s: ListedSegment): SegmentRow {
  return {
    file,
    format: s.format,
    status: s.status,
    startFrameNo: s.startFrameNo,
    endFrameNo: s.endFrameNo,
    size: Number(s.size),
    createdAt: s.createdAt !== null ? Date.parse(s.createdAt) : null,
  };
}

/**
 * sqld writes the wallog's header as it creates the file, and a rebuild truncates the file and
 * then writes a fresh header: 0 bytes is a crash in between, or damage.
 */
const EMPTY_WALLOG: UnrecognizedFile = {
  file: WALLOG,
  code: 'TRUNCATED_SEGMENT',
  message:
    'wallog is empty (0 bytes), yet sqld writes its 64-byte header as it creates or rebuilds it: a crash ' +
    'in between, or damage. No frame after the snapshots and to_compact/ logs is left: points end there',
};

/** One file of the namespace folder probed into a row; null when it is not there, 'empty' at 0 bytes. */
function probeRow(nsDir: string, file: string): SegmentRow | UnrecognizedFile | 'empty' | null {
  const probe = probeFileSync(join(nsDir, file), new Uint8Array(HEAD_SIZE));
  if (!probe) return unreadableEntry(join(nsDir, file), file);
  if ('notRegular' in probe)
    return probe.notRegular === 'link'
      ? linkEntry(file)
      : { file, code: 'NOT_A_SEGMENT', message: `"${file}" is not a regular file` };
  if (probe.size === 0n) return 'empty';
  const look = quickLook(probe);
  if (look.startFrameNo === null || look.endFrameNo === null) {
    const message = `"${file}" is ${
      look.format === 'unknown' ? 'in no format sqld wrote' : `a ${look.format} ` + `file`
    }, not ${file === WALLOG ? "sqld's replication log" : 'a SQLite WAL file or a folder of segments'}`;
    return { file, code: 'NOT_A_SEGMENT', message };
  }
  return {
    file,
    format: look.format,
    status: look.status,
    startFrameNo: look.startFrameNo,
    endFrameNo: look.endFrameNo,
    size: Number(probe.size),
    createdAt: null,
  };
}

/**
 * A WAL file's row as SQLite reads the file: its range ends at the last commit frame its recovery
 * reaches, and the whole frames after it (uncommitted, or stale from an earlier round) are counted
 * apart. Its size alone would count them in the range, which no restore can stand on.
 */
async function committedWal(path: string, row: SegmentRow): Promise<SegmentRow> {
  const scanned = await scanFile(path).catch((error: unknown) => {
    if (isSegscopeError(error)) return null;
    throw error;
  });
  if (!scanned?.scan) return { ...row, status: 'unreadable' };
  const { header, expectedSize, problems } = scanned.scan;
  // A damaged WAL keeps the range its size gives: verify names the damage, and every restore refuses it.
  if (!header || problems.some((p) => p.severity === 'error')) return row;
  const lastCommit = header.endFrameNo;
  // Every whole frame the file holds.
  const frameSize = SQLITE_WAL_FRAME_HEADER_SIZE + Number(header.pageSize);
  const frames = expectedSize === null ? 0 : Number(expectedSize - BigInt(SQLITE_WAL_HEADER_SIZE)) / frameSize;
  const tail = frames - Number(lastCommit);
  return { ...row, endFrameNo: lastCommit, ...(tail > 0 ? { uncommittedFrames: tail } : {}) };
}

/**
 * What else the namespace folder holds: legitimate states as warnings, anything unknown too. Each
 * is shown under its file's name, so a message does not begin with it again.
 */
function folderWarnings(nsDir: string): UnrecognizedFile[] {
  const warnings: UnrecognizedFile[] = [];
  let names: string[] = [];
  try {
    names = readNamesSync(nsDir);
  } catch {
    return warnings;
  }
  for (const name of names.sort()) {
    const transient = TRANSIENT[name];
    if (name === SENTINEL)
      warnings.push({
        file: name,
        code: 'DIRTY_SHUTDOWN',
        message:
          'sqld is running, or it stopped without a clean shutdown: at its next start it rebuilds the log from ' +
          'the database',
      });
    else if (transient) warnings.push({ file: name, code: 'NOT_A_SEGMENT', message: transient });
    else if (!EXPECTED.has(name))
      warnings.push({
        file: name,
        code: 'NOT_A_SEGMENT',
        message: `${name} is nothing sqld keeps in a namespace folder`,
      });
  }
  let tmp: string[] = [];
  try {
    tmp = readNamesSync(join(nsDir, 'tmp'));
  } catch {
    // No tmp/ folder: nothing in it.
  }
  for (const name of tmp.sort()) {
    warnings.push({
      file: `tmp/${name}`,
      code: 'NOT_A_SEGMENT',
      message: 'a snapshot sqld was building; it deletes tmp/ at startup',
    });
  }
  return warnings;
}

/**
 * A namespace of sqld's default mode: its snapshots, the logs waiting in `to_compact/`, its
 * `wallog` (log frames, numbered from 0 across compactions) and its SQLite WAL file `data-wal`
 * (SQLite's own frame indexes, a history apart on top of `data`). Rows are named relative to the
 * namespace folder (`snapshots/…`).
 */
export async function listDefaultNamespace(nsDir: string, cache: ListingCache | null): Promise<NamespaceListing> {
  const marked = checkpointMark(nsDir);
  const unrecognized: UnrecognizedFile[] = [];
  const warnings = folderWarnings(nsDir);
  const rows: SegmentRow[] = [];
  const snapshots = await listFolder(join(nsDir, SNAPSHOTS), {
    cache,
    reading: { what: 'the snapshots folder', missing: 'none', inside: nsDir },
    classify: (name) => classifySnapshot(nsDir, name),
  });
  const pending = await listFolder(join(nsDir, TO_COMPACT), {
    cache,
    reading: { what: 'the to_compact folder', missing: 'none', inside: nsDir },
    classify: (name) => ({ name, named: null }),
  });
  for (const [folder, listed] of [
    [SNAPSHOTS, snapshots],
    [TO_COMPACT, pending],
  ] as const) {
    if (!listed) continue;
    // A link is named from the namespace folder already (the folder itself, when it is one).
    for (const u of listed.unrecognized)
      unrecognized.push({ ...u, file: u.file.includes('/') || u.file === folder ? u.file : `${folder}/${u.file}` });
    for (const s of listed.segments) {
      const file = `${folder}/${s.file}`;
      if (folder === TO_COMPACT && s.size === BigInt(WALLOG_HEADER_SIZE)) {
        warnings.push({
          file,
          code: 'NOT_A_SEGMENT',
          message: `${file} is a log with no frame; sqld deletes such files at startup`,
        });
        continue;
      }
      rows.push(rowOf(file, s));
    }
  }
  let walFile: ListedSegment | null = null;
  for (const file of LOG_FILES) {
    const row = probeRow(nsDir, file);
    if (row === 'empty' && file === WALLOG) warnings.push(EMPTY_WALLOG);
    if (!row || row === 'empty') continue;
    if ('code' in row) unrecognized.push(row);
    else rows.push(row.format === 'sqlite-wal' ? await committedWal(join(nsDir, file), row) : row);
  }
  const builder = new SegmentRowsBuilder(nsDir, rows.length);
  for (const row of rows) builder.add(row);
  const segments = builder.finish().sortedByRange();
  for (const s of segments) if (s.file === DATA_WAL) walFile = s;
  const data = readDatabaseFile(nsDir, join(nsDir, DATA), 'default-mode');
  const missing: UnrecognizedFile | null =
    !data.database && walFile
      ? {
          file: DATA,
          code: 'NOT_FOUND',
          message: 'data is missing, yet data-wal holds frames, which SQLite applies on top of it',
        }
      : null;
  const unread = data.unrecognized ?? missing;
  const listing = {
    segments,
    unrecognized,
    warnings,
    database: data.database,
    replicationLog: { walFile, checkpointMark: marked },
  };
  if (!unread) return listing;
  unrecognized.push(unread);
  return { ...listing, databaseUnread: unread };
}
