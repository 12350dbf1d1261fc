import { basename } from 'node:path';
import type { DatabaseFileKind, InspectResult } from '../model/results.js';
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
  } = {},
): Promise<InspectResult> {
  const collect = options.frames ?? false;
  const bottomless = localBottomlessKind(path);
  if (bottomless) return inspectLocalBottomless(path, bottomless, collect);
  const { signal } = options;
  // Cancel stops a large file between its chunks, not only between files.
  const afterChunk = signal ? async () => signal.throwIfAborted() : undefined;
  const { format, probe, scan } = await scanFile(path, {
    collectFrames: collect,
    ...(afterChunk ? { afterChunk } : {}),
  });
  let found: OtherInspection | null = null;
  const compressed = format === 'unknown' ? compressedMagic(probe.head) : null;
  // A zstd or gzip stream under a name of its own: what a bottomless batch or snapshot is compressed as.
  if (compressed) return inspectLocalBottomless(path, { compressed }, collect);
  if (!scan) {
    if (format === 'index-object') found = await inspectIndexObject(path, probe.size);
    else if (format === 'fst-index') found = await inspectFstIndex(path, probe.size);
    else if (format === 'database') found = inspectDatabase(probe, options.database);
    else if (format === 'client-wal-index') found = inspectClientWalIndex(probe);
  }
  const header = scan?.header ?? found?.header ?? null;
  const problems = scan?.problems ?? found?.problems.list() ?? [];
  if (!scan && !found) {
    problems.push({
      code: 'NOT_A_SEGMENT',
      message:
        probe.size === 0n
          ? 'the file is empty'
          : 'the file is in no format libsql-wal or sqld wrote (detection by content recognises none of it)',
      severity: 'error',
    });
  }
  const named = scan
    ? (parseSegmentName(basename(path)) ?? (format === 'sqld-snapshot' ? parseSnapshotName(basename(path)) : null))
    : null;
  let nameAgrees: boolean | null = null;
  if (named && header) {
    nameAgrees =
      named.startFrameNo === header.startFrameNo &&
      (named.endFrameNo === null || named.endFrameNo === header.endFrameNo);
    if (!nameAgrees) {
      problems.unshift({
        code: 'HEADER_MISMATCH',
        message:
          `the file name says frames ${named.startFrameNo}..${named.endFrameNo ?? '?'} but the header says ` +
          `${header.startFrameNo}..${header.endFrameNo}`,
        severity: 'error',
      });
    }
  }
  const result: InspectResult = {
    file: path,
    format,
    header,
    expectedSize: scan?.expectedSize ?? found?.expectedSize ?? null,
    actualSize: probe.size,
    nameAgrees,
    checksum: scan?.checksum ?? found?.checksum ?? { stored: null, computed: null, ok: null },
    problems,
  };
  if (found?.notes?.length) result.notes = found.notes;
  if (collect) result.frames = scan?.frames ?? [];
  return result;
}
