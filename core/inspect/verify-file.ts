import { basename } from 'node:path';
import type { DatabaseFileKind, VerifiedSegment } from '../model/results.js';
import { SegscopeError, isSegscopeError } from '../errors.js';
import { hasErrors } from '../format/problem.js';
import { type Problem } from '../model/problem.js';
import type { ScanObserver } from '../format/segment-scan.js';
import { inspectFile } from './inspect-file.js';

/** What a verify stopped by Cancel answers. */
export const cancelled = (): SegscopeError =>
  new SegscopeError('CANCELLED', 'the verify was cancelled; files not yet checked keep no outcome');

/**
 * Every check its format defines, on one file; a file that cannot be read fails with the reason.
 * `database`: the file is a namespace's `data`, kept by that mode of sqld, and checked as that;
 * `observer`: told of a segment's committed frames and scan, read once for both.
 */
export async function verifyFile(
  path: string,
  file = basename(path),
  {
    signal,
    database,
    observer,
  }: { signal?: AbortSignal | undefined; database?: DatabaseFileKind; observer?: ScanObserver } = {},
): Promise<VerifiedSegment> {
  let problems: Problem[];
  try {
    problems = (await inspectFile(path, { signal, database, observer })).problems;
  } catch (error) {
    if (signal?.aborted) throw cancelled();
    if (!isSegscopeError(error)) throw error;
    problems = [{ code: error.code, message: error.message, severity: 'error' }];
  }
  // Warnings are what libsql-wal's own writers legitimately produce: they never fail a verify.
  return { file, ok: !hasErrors(problems), problems };
}
