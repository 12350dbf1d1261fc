import { basename } from 'node:path';
import type { VerifiedSegment, VerifyResult } from '../api/types.js';
import { isSegscopeError } from '../errors.js';
import { type Problem, hasErrors } from '../format/problem.js';
import type { Layout } from '../layouts/layout.js';
import type { ProgressListener } from '../progress.js';
import { checkChain } from './chain.js';
import { inspectFile } from './inspect-file.js';
import { baseFrameNo, usableSegments } from './list-namespace.js';

async function verifyOne(path: string, file = basename(path)): Promise<VerifiedSegment> {
  let problems: Problem[];
  try {
    problems = (await inspectFile(path)).problems;
  } catch (error) {
    if (!isSegscopeError(error)) throw error;
    problems = [{ code: error.code, message: error.message, severity: 'error' }];
  }
  // Warnings are what libsql-wal's own writers legitimately produce: they never fail a verify.
  return { file, ok: !hasErrors(problems), problems };
}

/** Every check FORMAT.md names, on each file; a file that cannot be read fails with the reason. */
export async function verifyFiles(paths: readonly string[], onProgress?: ProgressListener): Promise<VerifyResult> {
  const segments: VerifiedSegment[] = [];
  const id = `verify:${Date.now()}`;
  for (const [i, path] of paths.entries()) {
    segments.push(await verifyOne(path));
    onProgress?.({ id, phase: 'verify', done: i + 1, total: paths.length });
  }
  return { ok: segments.every((s) => s.ok), segments };
}

/**
 * A whole namespace of any layout: each segment in frame order, its database file, entries that
 * are not segments (libsql-wal would skip them; an operator should know they are there), and the
 * chain of segments as a whole.
 */
export async function verifyNamespace(layout: Layout, namespace: string, onProgress?: ProgressListener): Promise<VerifyResult> {
  const listing = await layout.list(namespace);
  const result = await verifyFiles(Array.from(listing.segments.sortedByRange(), (s) => s.path), onProgress);
  if (listing.database) result.segments.unshift(await verifyOne(listing.database.path, 'data'));
  for (const entry of listing.unrecognized) {
    result.segments.push({ file: entry.file, ok: false, problems: [{ code: entry.code, message: entry.message, severity: 'error' }] });
  }
  result.segments.push(await checkChain(usableSegments(listing), baseFrameNo(listing)));
  return { ok: result.segments.every((s) => s.ok), segments: result.segments };
}
