import { SegscopeError, fsError } from '../errors.js';
import { detectFormat, type FileProbe, probeBytes } from '../format/detect.js';
import { createScanner } from '../format/scanners.js';
import { claimedFormat } from '../format/sqld-snapshot.js';
import { type ScanOptions, type SegmentScan, isSegmentFormat } from '../format/segment-scan.js';
import { type FileFormat, type SegmentFormat } from '../model/file-format.js';
import { openRegularFile, probeOpenFile, streamChunks, useSmallFile } from './local-file.js';

export interface ScannedSegment {
  format: SegmentFormat;
  probe: FileProbe;
  scan: SegmentScan;
}

/**
 * Detects a file's format by content (or by its name and folder, see `claimedFormat`) and, for a
 * segment, reads and checks it in one pass. A small file is read whole and probed from memory; a
 * larger one is opened once, probed (its first bytes and its last) and then streamed.
 */
export async function scanFile(
  path: string,
  options: ScanOptions = {},
): Promise<{ format: FileFormat; probe: FileProbe; scan: SegmentScan | null }> {
  const claimed = claimedFormat(path);
  // The probe outlives the borrowed buffer (inspect reads a database file's footer from it).
  const small = await useSmallFile(path, (bytes) =>
    scanProbed(probeBytes(bytes, true), claimed, options, async (push) => {
      push(bytes);
      await options.afterChunk?.();
    }),
  );
  if (small) return small;
  const { handle, size } = await openRegularFile(path);
  try {
    const probe = await probeOpenFile(handle, size, path);
    return await scanProbed(probe, claimed, options, (push) =>
      streamChunks(
        handle,
        size,
        (chunk) => {
          push(chunk);
          return options.afterChunk?.();
        },
        options.afterChunk !== undefined,
      ).catch((error: unknown) => {
        throw fsError(error, 'the file', path);
      }),
    );
  } finally {
    await handle.close();
  }
}

/** The format `probe` shows and, for a segment, its scan over the bytes `feed` pushes. */
async function scanProbed(
  probe: FileProbe,
  claimed: FileFormat | null,
  options: ScanOptions,
  feed: (push: (chunk: Uint8Array) => void) => Promise<void>,
): Promise<{ format: FileFormat; probe: FileProbe; scan: SegmentScan | null }> {
  const format = detectFormat(probe, claimed);
  if (!isSegmentFormat(format)) return { format, probe, scan: null };
  const scanner = createScanner(format, probe.size, options);
  await feed((chunk) => scanner.push(chunk));
  return { format, probe, scan: scanner.finish() };
}

/** The same, for callers that need a segment: anything else is `NOT_A_SEGMENT`. */
export async function scanSegment(path: string, options: ScanOptions = {}): Promise<ScannedSegment> {
  const { format, probe, scan } = await scanFile(path, options);
  if (!scan || !isSegmentFormat(format)) {
    throw new SegscopeError(
      'NOT_A_SEGMENT',
      `${path} is ${format === 'unknown' ? 'not a file libsql-wal wrote' : `a ${format} file`}, not a segment`,
    );
  }
  return { format, probe, scan };
}
