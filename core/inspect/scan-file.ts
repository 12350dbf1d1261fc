import { SegscopeError, fsError } from '../errors.js';
import { detectFormat, type FileProbe } from '../format/detect.js';
import { createScanner } from '../format/scanners.js';
import { type FileFormat, type ScanOptions, type SegmentFormat, type SegmentScan, isSegmentFormat } from '../format/segment-scan.js';
import { openRegularFile, probeOpenFile, streamChunks } from '../storage/local-file.js';

export interface ScannedSegment {
  format: SegmentFormat;
  probe: FileProbe;
  scan: SegmentScan;
}

/**
 * Detects a file's format by content and, for a segment, reads and checks it in one pass; the
 * file is opened once for both.
 */
export async function scanFile(path: string, options: ScanOptions = {}): Promise<{ format: FileFormat; probe: FileProbe; scan: SegmentScan | null }> {
  const { handle, size } = await openRegularFile(path);
  try {
    const probe = await probeOpenFile(handle, size, path);
    const format = detectFormat(probe);
    if (!isSegmentFormat(format)) return { format, probe, scan: null };
    const scanner = createScanner(format, probe.size, options);
    const { afterChunk } = options;
    await streamChunks(handle, size, (chunk) => {
      scanner.push(chunk);
      return afterChunk?.();
    }).catch((error: unknown) => {
      throw fsError(error, 'the file', path);
    });
    return { format, probe, scan: scanner.finish() };
  } finally {
    await handle.close();
  }
}

/** The same, for callers that need a segment: anything else is `NOT_A_SEGMENT`. */
export async function scanSegment(path: string, options: ScanOptions = {}): Promise<ScannedSegment> {
  const { format, probe, scan } = await scanFile(path, options);
  if (!scan || !isSegmentFormat(format)) {
    throw new SegscopeError('NOT_A_SEGMENT', `${path} is ${format === 'unknown' ? 'not a file libsql-wal wrote' : `a ${format} file`}, not a segment`);
  }
  return { format, probe, scan };
}
