import { basename, join } from 'node:path';
import type { VerifiedSegment, VerifyResult } from '../api/types.js';
import { readSegmentDir } from '../backend/segment-dir.js';
import type { Problem } from '../format/problem.js';
import type { ProgressListener } from '../progress.js';
import { inspectFile } from './inspect-file.js';
import { isSegscopeError } from '../errors.js';

/** Full checks of FORMAT.md §3 on each file; a file that cannot be read fails with the reason. */
export async function verifyFiles(paths: readonly string[], onProgress?: ProgressListener): Promise<VerifyResult> {
  const segments: VerifiedSegment[] = [];
  const id = `verify:${Date.now()}`;
  for (const [i, path] of paths.entries()) {
    let problems: Problem[];
    try {
      problems = (await inspectFile(path)).problems;
    } catch (error) {
      if (!isSegscopeError(error)) throw error;
      problems = [{ code: error.code, message: error.message }];
    }
    segments.push({ file: basename(path), ok: problems.length === 0, problems });
    onProgress?.({ id, phase: 'verify', done: i + 1, total: paths.length });
  }
  return { ok: segments.every((s) => s.ok), segments };
}

/**
 * Every entry of a segments folder: segments are verified in frame order, and names that are not
 * segment keys fail, since libsql-wal would skip them and an operator should know they are there.
 * `extraChecks` adds findings about the folder as a whole (continuity of the chain).
 */
export async function verifySegmentsDir(
  dir: string,
  onProgress?: ProgressListener,
  extraChecks: (paths: readonly string[]) => Promise<VerifiedSegment[]> = async () => [],
): Promise<VerifyResult> {
  const listing = await readSegmentDir(dir);
  const sorted = listing.segments.sort((a, b) => (a.startFrameNo < b.startFrameNo ? -1 : a.startFrameNo > b.startFrameNo ? 1 : 0));
  const paths = sorted.map((s) => join(dir, s.name));
  const result = await verifyFiles(paths, onProgress);
  for (const entry of listing.unrecognized) {
    result.segments.push({ file: entry.file, ok: false, problems: [{ code: entry.code, message: entry.message }] });
  }
  result.segments.push(...(await extraChecks(paths)));
  return { ok: result.segments.every((s) => s.ok), segments: result.segments };
}
