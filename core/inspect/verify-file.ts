import { basename } from 'node:path';
import type { DatabaseFileKind, VerifiedSegment } from '../model/results.js';
import { SegscopeError, isSegscopeError } from '../errors.js';
import { hasErrors } from '../format/problem.js';
import { type Problem } from '../model/problem.js';
import { inspectFile } from './inspect-file.js';

/** What a verify stopped by Cancel answers. */
export const cancelled = (): SegscopeError =>
  new SegscopeError('CANCELLED', 'the verify was cancelled; files not yet checked keep no outcome');

/**
 * Every check its format defines, on one file; a file that cannot be read fails with the reason.
 * `database`: the file is a namespace's `data`, kept by that mode of sqld, and checked as that.
 */
export async function verifyFile(
  path: string,
  file = basename(path),
  { signal, database }: { signal?: AbortSignal | undefined; database?: DatabaseFileKind } = {},
): Promise<VerifiedSegment> {
  let problems: Problem[];
  try {
    problems = (await inspectFile(path, { signal, database })).problems;
  } catch (error) {
    if (signal?.aborted) throw cancelled();
    if (!isSegscopeError(error)) throw error;
    problems = [{ code: error.code, message: error.message, severity: 'error' }];
  }
  // Warnings are what libsql-wal's own writers legitimately produce: they never fail a verify.
  return { file, ok: !hasErrors(problems), problems };
}
