import type { ListedSegment, VerifiedSegment, VerifyResult } from '../model/results.js';
import { compiledModule } from '../compiled-module.js';
import { KeptThread } from '../kept-thread.js';
import type { Layout } from '../layouts/layout.js';
import type { ProgressListener } from '../progress.js';
import type { JobReply } from '../thread-jobs.js';
import { hasErrors } from '../format/problem.js';
import { checkChain } from './chain.js';
import { checkpointProblems } from './checkpoint.js';
import { claimInLanes } from './claim-lanes.js';
import { checkLogChain, chooseLogPieces } from './log-chain.js';
import { WalFrames, compareWalWithLog } from './wal-log-agreement.js';
import { walOnDataProblem } from './wal-on-data.js';
import { baseFrameNo, misnamedPieces, usableSegments } from './list-namespace.js';
import { cancelled, verifyFile } from './verify-file.js';

/** The second thread: verify-thread.ts. */
const helper = new KeptThread(() => compiledModule(import.meta.url, 'verify-thread', 'core/inspect'));

/**
 * The app and the browser mode verify again and again: once a verify has run this long, they start
 * the second thread, and it serves every verify after. A command verifies on this thread alone:
 * a cold second thread (its start, its compiler warming up) makes a single verify slower, while a
 * warm one makes every later verify faster.
 */
export const APP_HELP_AFTER_MS = 50;

interface VerifyReply extends JobReply {
  index: number;
  segment: VerifiedSegment;
}

/**
 * Each file verified on this thread and, once the verify has run `helpAfterMs` (null: never) or
 * at once when the thread is already running, on a second one: both claim the next file from a
 * shared counter, so a large file on one side never leaves the other idle. Checksums are most of
 * a verify, but the reads and the memory bus are shared as well, so the second thread adds 5-30%
 * here (two cores). `helped` counts the second thread's files. `signal` (Cancel) ends the verify
 * at once: no file is claimed after it, the second thread is ended mid-file, and this thread's
 * file stops at its next chunk; the call fails with CANCELLED.
 */
export async function verifyShared(
  paths: readonly string[],
  onProgress: ProgressListener | undefined,
  helpAfterMs: number | null,
  signal?: AbortSignal,
): Promise<{ result: VerifyResult; helped: number }> {
  if (signal?.aborted) throw cancelled();
  const results = new Array<VerifiedSegment | undefined>(paths.length);
  const claims = new Int32Array(new SharedArrayBuffer(4));
  const stop = () => {
    // Past the last index: both threads' next claim finds nothing left.
    Atomics.store(claims, 0, paths.length);
    void helper.stop();
  };
  signal?.addEventListener('abort', stop, { once: true });
  try {
    return await verifyClaimed(paths, claims, results, { onProgress, helpAfterMs, signal });
  } catch (error) {
    throw signal?.aborted ? cancelled() : error;
  } finally {
    signal?.removeEventListener('abort', stop);
  }
}

/**
 * How a verification reports and is stopped; `helpAfterMs`: how long before a second thread
 * helps (null: never).
 */
export interface VerifyRun {
  onProgress?: ProgressListener;
  helpAfterMs?: number | null;
  signal?: AbortSignal;
  /**
   * Which listed segments a namespace's verify checks one by one (every one where absent): a caller
   * that verifies the others in calls of its own (the screen's Verify all) asks here for the checks
   * no single file holds. Index files and the namespace's own files (`data`, `data-wal`) are checked
   * either way: no caller's row is theirs, or the namespace's checks read them whole.
   */
  ownChecks?: (segment: ListedSegment) => boolean;
}

/** Numbers each verify's progress: the screen runs several at once, often started within one millisecond. */
let verifies = 0;

async function verifyClaimed(
  paths: readonly string[],
  claims: Int32Array,
  results: (VerifiedSegment | undefined)[],
  { onProgress, helpAfterMs = null, signal }: VerifyRun,
): Promise<{ result: VerifyResult; helped: number }> {
  const id = `verify:${Date.now()}:${++verifies}`;
  let done = 0;
  const finished = (index: number, segment: VerifiedSegment) => {
    if (results[index]) return;
    results[index] = segment;
    onProgress?.({ id, phase: 'verify', done: ++done, total: paths.length });
  };
  let helped = 0;
  // Typed by the cast, not narrowed to null: the lanes set it inside their callback.
  let help = null as Promise<{ done: Promise<boolean> } | null> | null;
  const started = performance.now();
  await claimInLanes(claims, paths.length, async (index) => {
    if (
      helpAfterMs !== null &&
      !help &&
      index + 1 < paths.length &&
      (helper.started || performance.now() - started >= helpAfterMs)
    ) {
      help = helper.send<VerifyReply>({ paths, claims }, (reply) => {
        helped++;
        finished(reply.index, reply.segment);
      });
    }
    finished(index, await verifyFile(paths[index] as string, undefined, { signal }));
  });
  await (
    await help
  )?.done;
  if (signal?.aborted) throw cancelled();
  // Files the second thread claimed and never answered for (it failed): verified here.
  for (const [index, path] of paths.entries())
    if (!results[index]) finished(index, await verifyFile(path, undefined, { signal }));
  const segments = results as VerifiedSegment[];
  return { result: { ok: segments.every((s) => s.ok), segments }, helped };
}

/** Every check its format defines, on each file; a file that cannot be read fails with the reason. */
export async function verifyFiles(
  paths: readonly string[],
  onProgress?: ProgressListener,
  helpAfterMs: number | null = null,
  signal?: AbortSignal,
): Promise<VerifyResult> {
  return (await verifyShared(paths, onProgress, helpAfterMs, signal)).result;
}

/**
 * A whole namespace of any layout: each segment in frame order, its database file, entries that
 * are not segments (libsql-wal would skip them; an operator should know they are there), and the
 * chain of segments as a whole.
 */
export async function verifyNamespace(
  layout: Layout,
  namespace: string,
  { onProgress, helpAfterMs = null, signal, ownChecks }: VerifyRun = {},
): Promise<VerifyResult> {
  if (layout.generations)
    return (await import('./bottomless-verify.js')).verifyGenerations(layout.generations, namespace, onProgress);
  const listing = await layout.list(namespace);
  const wal = listing.replicationLog?.walFile;
  const checked = (s: ListedSegment) => !ownChecks || ownChecks(s) || s.path === wal?.path;
  const paths = [
    ...Array.from(listing.segments.sortedByRange())
      .filter(checked)
      .map((s) => s.path),
    ...(listing.indexes ?? []).map((i) => i.path),
  ];
  // data-wal is read once, on this thread, for its own checks and for the two questions below.
  const walAt = wal ? paths.indexOf(wal.path) : -1;
  const result = await verifyFiles(
    paths.filter((_, i) => i !== walAt),
    onProgress,
    helpAfterMs,
    signal,
  );
  const walFrames = new WalFrames();
  const walChecked = wal && (await verifyFile(wal.path, undefined, { signal, observer: walFrames }));
  if (walChecked && walAt >= 0) result.segments.splice(walAt, 0, walChecked);
  const usable = usableSegments(listing);
  if (listing.database) {
    // In sqld's default mode `data` is SQLite's own file: libsql-wal's footer never belongs there.
    const database = await verifyFile(listing.database.path, 'data', { signal, database: listing.database.kind });
    database.problems.push(...(await checkpointProblems(listing.database, usable)));
    database.ok &&= !hasErrors(database.problems);
    result.segments.unshift(database);
  }
  for (const entry of listing.unrecognized) {
    result.segments.push({
      file: entry.file,
      ok: false,
      problems: [{ code: entry.code, message: entry.message, severity: 'error' }],
    });
  }
  for (const entry of listing.warnings ?? []) {
    result.segments.push({
      file: entry.file,
      ok: true,
      problems: [{ code: entry.code, message: entry.message, severity: 'warning' }],
      noteOnly: true,
    });
  }
  const chain = listing.replicationLog
    ? checkLogChain(usable, misnamedPieces(listing), listing.unrecognized)
    : await checkChain(usable, baseFrameNo(listing));
  result.segments.push(chain);
  if (wal) {
    // The current state is data + data-wal: verify passes only where it can be restored.
    const misfit = listing.database && walOnDataProblem(walFrames, listing.database.pages);
    const walEntry = result.segments.find((s) => s.file === wal.file);
    if (misfit && walEntry) {
      walEntry.problems.unshift(misfit);
      walEntry.ok = false;
    }
  }
  // With no data-wal, or one that holds no commit, the current state is data alone: it too is compared.
  if (listing.replicationLog && (wal || listing.database)) {
    const agreement = await compareWalWithLog(
      wal ?? undefined,
      walFrames,
      chooseLogPieces(usable).chosen,
      listing.database,
    );
    if (agreement) result.segments.push(agreement);
  }
  return { ok: result.segments.every((s) => s.ok), segments: result.segments };
}
