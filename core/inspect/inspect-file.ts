import { basename } from 'node:path';
import type { DatabaseFileKind, InspectResult } from '../model/results.js';
import type { FileFormat, HeaderFields } from '../model/file-format.js';
import type { Problem } from '../model/problem.js';
import type { FileProbe } from '../format/detect.js';
import type { ScanObserver } from '../format/segment-scan.js';
import { parseSegmentName } from '../format/segment-name.js';
import { parseSnapshotName } from '../format/sqld-snapshot.js';
import {
  inspectClientWalIndex,
  inspectDatabase,
  inspectFstIndex,
  inspectIndexObject,
  type OtherInspection,
} from './inspect-other-files.js';
import { scanFile } from '../storage/scan-file.js';
import { compressedMagic, inspectLocalBottomless, localBottomlessKind } from './inspect-bottomless.js';

/** A file that is no segment: the index, database or client WAL index it is, or null for none of them. */
async function inspectOtherFormat(
  path: string,
  format: FileFormat,
  probe: FileProbe,
  database: DatabaseFileKind | undefined,
): Promise<OtherInspection | null> {
  if (format === 'index-object') return inspectIndexObject(path, probe.size);
  if (format === 'fst-index') return inspectFstIndex(path, probe.size);
  if (format === 'database') return inspectDatabase(probe, database);
  if (format === 'client-wal-index') return inspectClientWalIndex(probe);
  return null;
}

function notASegment(size: bigint): Problem {
  return {
    code: 'NOT_A_SEGMENT',
    message:
      size === 0n
        ? 'the file is empty'
        : 'the file is in no format libsql-wal or sqld wrote (detection by content recognises none of it)',
    severity: 'error',
  };
}

/**
 * Whether a segment's or snapshot's name gives the frames its header does (null: the name gives
 * none), and the problem when it does not.
 */
function nameAgreement(
  path: string,
  format: FileFormat,
  header: HeaderFields,
): { nameAgrees: boolean | null; mismatch: Problem | null } {
  const named =
    parseSegmentName(basename(path)) ?? (format === 'sqld-snapshot' ? parseSnapshotName(basename(path)) : null);
  if (!named) return { nameAgrees: null, mismatch: null };
  const nameAgrees =
    named.startFrameNo === header.startFrameNo && (named.endFrameNo === null || named.endFrameNo === header.endFrameNo);
  if (nameAgrees) return { nameAgrees, mismatch: null };
  return {
    nameAgrees,
    mismatch: {
      code: 'HEADER_MISMATCH',
      message:
        `the file name says frames ${named.startFrameNo}..${named.endFrameNo ?? '?'} but the header says ` +
        `${header.startFrameNo}..${header.endFrameNo}`,
      severity: 'error',
    },
  };
}

/**
 * Everything one file says about itself: format by content, header, size
 * against what the header implies, checksum, and whether its name agrees with its header.
 * Streams the file, so a segment of any size costs a few hundred KiB of memory.
 */
export async function inspectFile(
  path: string,
  options: {
    frames?: boolean;
    signal?: AbortSignal | undefined;
    /** Which mode keeps the file, where it is a namespace's `data` (inspectDatabase); absent for a file alone. */
    database?: DatabaseFileKind;
    /** Told of the committed frames and the scan of a segment: what else this one read answers. */
    observer?: ScanObserver | undefined;
  } = {},
): Promise<InspectResult> {
  const collect = options.frames ?? false;
  const bottomless = localBottomlessKind(path);
  if (bottomless) return inspectLocalBottomless(path, bottomless, collect);
  const { signal } = options;
  // Cancel stops a large file between its chunks, not only between files.
  const afterChunk = signal ? async () => signal.throwIfAborted() : undefined;
  const { observer } = options;
  const { format, probe, scan } = await scanFile(path, {
    collectFrames: collect,
    ...(afterChunk ? { afterChunk } : {}),
    ...(observer ? { onPage: observer.page } : {}),
  });
  if (scan) observer?.scanned(scan);
  const compressed = format === 'unknown' ? compressedMagic(probe.head) : null;
  // A zstd or gzip stream under a name of its own: what a bottomless batch or snapshot is compressed as.
  if (compressed) return inspectLocalBottomless(path, { compressed }, collect);
  const found = scan ? null : await inspectOtherFormat(path, format, probe, options.database);
  const header = scan?.header ?? found?.header ?? null;
  const problems = scan?.problems ?? found?.problems.list() ?? [];
  if (!scan && !found) problems.push(notASegment(probe.size));
  const agreement = scan && header ? nameAgreement(path, format, header) : null;
  if (agreement?.mismatch) problems.unshift(agreement.mismatch);
  const result: InspectResult = {
    file: path,
    format,
    header,
    expectedSize: scan?.expectedSize ?? found?.expectedSize ?? null,
    actualSize: probe.size,
    nameAgrees: agreement?.nameAgrees ?? null,
    checksum: scan?.checksum ?? found?.checksum ?? { stored: null, computed: null, ok: null },
    problems,
  };
  if (found?.notes?.length) result.notes = found.notes;
  if (collect) result.frames = scan?.frames ?? [];
  return result;
}
