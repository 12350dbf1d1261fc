import { chmod, copyFile } from 'node:fs/promises';
import type { DatabaseFileInfo, FrameRange, RestoreResult, UnrecognizedFile } from '../model/results.js';
import { SegscopeError } from '../errors.js';
import { PAGE_SIZE } from '../format/frame.js';
import type { ScanObserver } from '../format/segment-scan.js';
import { newestEnd } from '../layouts/timeline.js';
import { openRegularFile } from '../storage/local-file.js';
import type { PageVersions } from './page-versions.js';
import { PageWriter } from './page-writer.js';
import { writeRestoredFile } from './restored-file.js';
import { applySegments } from './apply-segments.js';
import { pointAtTimeIn } from './points.js';
import { withCurrentStateHint, withLogHint } from './refusal-hints.js';
import {
  type RestorePlan,
  beforeGap,
  chainGapError,
  planRestore,
  stoppedBeforeGap,
  unreadBaseRefusal,
} from './restore-plan.js';
import { type RestoreOptions, type RestoreSource, type SourceSegment, wordsOf } from './restore-contract.js';
import { fsPath } from '../fs-names.js';
import { walMisfit } from '../inspect/wal-on-data.js';
import { WalFrames, walLogMismatch } from '../inspect/wal-log-agreement.js';
import type { LogMismatch } from '../model/log-mismatch.js';
import { type CheckpointCheck, readSettled } from './settled-read.js';

/** The restore's last word on a plan applied, before quick_check: a refusal, or null where it stands. */
type AppliedFit = (applied: {
  point: bigint;
  pages: number;
  written: (pageNo: number) => boolean;
}) => SegscopeError | null;

/** What a plan's restore asks besides its own checks, of the same read: its fit, and who else reads the frames. */
interface PlanChecks {
  fits?: AppliedFit | undefined;
  observer?: ScanObserver | undefined;
}

/**
 * The database file as the restore's starting point, copied by the kernel (copy_file_range, or a
 * reflink where the filesystem has them); its footer is cut off with the final truncate.
 */
async function copyBase(source: RestoreSource, tempPath: string): Promise<number> {
  const database = source.database;
  if (!database) return 0;
  const { handle } = await openRegularFile(database.path, 'the database file');
  await handle.close();
  await copyFile(fsPath(database.path), tempPath);
  // copyFile keeps the source's mode: a read-only `data` would give a database no one can write to,
  // where a restore from segments alone gives a file's usual 0644.
  await chmod(tempPath, 0o644);
  return Number(database.pages);
}

/**
 * A SQLite database file as of a restore point: the database file's pages (a sqld namespace),
 * then the segments' frames in frame order, each page's newest version winning, cut to the size
 * after the last applied commit; written to a temporary file and renamed into place once SQLite's
 * quick_check passes. Every segment is verified as it is applied: a damaged one stops the
 * restore and nothing is written.
 */
export async function restoreDatabase(source: RestoreSource, options: RestoreOptions): Promise<RestoreResult> {
  return (await restoreWithVersions(source, options)).result;
}

/** A restore that also says which frame each page came from (time travel compares two of them). */
export async function restoreWithVersions(
  source: RestoreSource,
  options: RestoreOptions,
): Promise<{ result: RestoreResult; versions: PageVersions }> {
  // A generation's restore does not say which frame each page came from: every page counts as changed.
  if (source.generations)
    return {
      result: await source.generations.restore(options),
      versions: { pageNos: new Uint32Array(0), frameNos: new BigUint64Array(0) },
    };
  if (options.untilWalFrame !== undefined) {
    if (options.untilFrameNo !== undefined || options.untilTime !== undefined)
      throw new SegscopeError('INVALID_ARGUMENT', 'give a frame of the log, a time or a WAL frame (wal:N), not two');
    if (!source.current)
      throw new SegscopeError(
        'FRAME_NOT_FOUND',
        `WAL frame ${options.untilWalFrame} names a commit of a default-mode namespace's SQLite WAL file, and ` +
          `this namespace has none; give a frame number instead`,
      );
    return restoreCurrent(source, source.current, options, options.untilWalFrame);
  }
  if (source.current && options.untilFrameNo === undefined && options.untilTime === undefined) {
    return restoreCurrent(source, source.current, options, null);
  }
  // A point of the log refused: data and data-wal, a history apart, may still stand.
  return restorePlanned(source, options).catch(async (error: unknown) => {
    throw await withCurrentStateHint(error, source, options.untilFrameNo);
  });
}

/**
 * The restore of a history by its plan: `checks.fits` asks, once the plan's frames are applied and
 * before SQLite's quick_check, whether the result stands (a refusal there leaves nothing written).
 */
async function restorePlanned(
  source: RestoreSource,
  options: RestoreOptions,
  checks: PlanChecks = {},
): Promise<{ result: RestoreResult; versions: PageVersions }> {
  const { plan, firstGap } = await resolvePlan(source, options);
  const { pages, versions, unprovenPages } = await writePlan(source, plan, options, checks);
  return {
    result: {
      out: options.out,
      untilFrameNo: plan.untilFrameNo,
      pages,
      segmentsApplied: plan.segments.length,
      ...(unprovenPages > 0 ? { unprovenPages } : {}),
      ...(firstGap ? { stoppedBecause: stoppedBeforeGap(firstGap, plan.untilFrameNo, source) } : {}),
    },
    versions,
  };
}

/**
 * The plan for the point a restore is asked (the newest by default), after every refusal that
 * needs nothing built: a point the base already holds, a misnamed piece, an unread base, no
 * segments, a gap (unless --allow-gaps, which stands before it).
 */
async function resolvePlan(
  source: RestoreSource,
  options: RestoreOptions,
): Promise<{ plan: RestorePlan; firstGap: FrameRange | undefined }> {
  if (source.unusable) throw unusableError(source.unusable);
  let target = options.untilFrameNo;
  if (options.untilTime !== undefined) target = (await pointAtTimeIn(source, options.untilTime)).frameNo;
  if (target !== undefined && source.database && target < source.baseFrameNo) {
    // The file holds its pages as of the checkpoint only: an earlier state is not in it.
    throw new SegscopeError(
      'FRAME_NOT_FOUND',
      `no restore point is at or before frame ${target}: the database file already holds frames up ` +
        `to ${source.baseFrameNo}, the oldest point this history can stand at`,
    );
  }
  const point = target ?? newestEnd(source.segments, source.baseFrameNo) ?? source.baseFrameNo;
  const words = wordsOf(options);
  const misnamed = source.misnamed?.find((m) => m.neededFrom !== null && point >= m.neededFrom);
  if (misnamed)
    throw new SegscopeError('HEADER_MISMATCH', `${misnamed.piece.message}; ${words.stopped} (${words.earlier})`);
  const planned = await planRestore(source, point, words);
  const unreadBase = unreadBaseRefusal(source, planned, { allowGaps: options.allowGaps, target: point, words });
  if (unreadBase) throw unreadBase;
  if (source.segments.length === 0 && !source.database)
    throw new SegscopeError('FRAME_NOT_FOUND', 'there are no segments to restore from');
  const firstGap = planned.gaps[0];
  if (firstGap && !options.allowGaps) throw chainGapError(firstGap, point, source);
  const plan = beforeGap(planned, source.baseFrameNo);
  if (plan.segments.length === 0 && !source.database) {
    throw new SegscopeError(
      'FRAME_NOT_FOUND',
      `no restore point is at or before frame ${point}` +
        (firstGap ? ` and before frames ${firstGap.fromFrameNo}..${firstGap.toFrameNo}, which no segment holds` : ''),
    );
  }
  return { plan, firstGap };
}

/**
 * A plan's database, written to a temporary file beside `options.out` and renamed into place only
 * once every segment applied has passed its checks and SQLite's quick_check passes.
 */
async function writePlan(
  source: RestoreSource,
  plan: RestorePlan,
  options: RestoreOptions,
  { fits, observer }: PlanChecks,
): Promise<{ pages: number; versions: PageVersions; unprovenPages: number }> {
  const durable = options.durable !== false;
  const id = `restore:${options.out}`;
  let pages = 0;
  let unprovenPages = 0;
  let versions: PageVersions = { pageNos: new Uint32Array(0), frameNos: new BigUint64Array(0) };
  await writeRestoredFile(options.out, { durable, words: wordsOf(options) }, async (handle, tempPath) => {
    pages = await copyBase(source, tempPath);
    const writer = new PageWriter(handle, tempPath);
    try {
      const applied = await applySegments(plan.segments, writer, {
        baseFrameNo: source.baseFrameNo,
        basePages: pages,
        onApplied: (i, sizeAfter) => {
          pages = sizeAfter;
          options.onProgress?.({ id, phase: 'restore', done: i + 1, total: plan.segments.length });
        },
        signal: options.signal,
        words: wordsOf(options),
        observer,
      });
      const written = (pageNo: number) => applied.versions.get(pageNo) !== 0n;
      const misfit = fits?.({ point: plan.untilFrameNo, pages, written });
      if (misfit) throw misfit;
      versions = applied.versions.versions();
      unprovenPages = applied.unprovenPages;
    } catch (error) {
      await writer.abandon();
      throw error;
    }
    await writer.release();
    await handle.truncate(pages * PAGE_SIZE);
    return source.walIndexes ? `wal:${plan.untilFrameNo}` : `frame ${plan.untilFrameNo}`;
  });
  return { pages, versions, unprovenPages };
}

const WAL_VERSIONS = 1n << 62n;

function unusableError(u: UnrecognizedFile): SegscopeError {
  return new SegscopeError(u.code, u.message);
}

/**
 * The current state against the log (LOG_MISMATCH), said with the restore it comes with. The state
 * is written by then: a log piece that cannot be read leaves nothing to compare, and is verify's
 * finding and the log's restore's, not this one's.
 */
function mismatchWithLog(
  wal: WalFrames,
  log: readonly SourceSegment[],
  data: DatabaseFileInfo | null,
): Promise<LogMismatch | null> {
  const pieces = log.map((piece) => ({ ...piece, open: () => piece.open() }));
  return walLogMismatch(wal, pieces, data).catch(() => null);
}

/**
 * The state of a namespace whose current state is a history of its own (a default-mode
 * namespace: its database file and SQLite WAL file), as of a commit in the WAL (null: its last).
 * The point it stands at is said with the WAL's own frame index, beside the log's newest frame.
 * SQLite's writer may checkpoint while the two are read (no lock is taken): such a read is made
 * again (readSettled), and the result is published only from a read no checkpoint ran under.
 */
async function restoreCurrent(
  source: RestoreSource,
  current: RestoreSource,
  options: RestoreOptions,
  walFrame: bigint | null,
): Promise<{ result: RestoreResult; versions: PageVersions }> {
  const logEnd = newestEnd(source.segments, null);
  const { restored, wal } = await readSettled(
    current,
    (read, settled) => restoreWalState(read, { options, walFrame, settled, logEnd, logUsable: !source.unusable }),
    { words: wordsOf(options), logEnd },
  );
  const logMismatch = wal && (await mismatchWithLog(wal, source.segments, current.database));
  const result: RestoreResult = {
    ...restored.result,
    walFrame: restored.result.untilFrameNo,
    untilFrameNo: logEnd ?? restored.result.untilFrameNo,
    ...(logMismatch ? { logMismatch } : {}),
  };
  // Versions numbered apart from the log's, so that no page of it ever looks the same as a
  // page restored from the log (a diff between the two then compares every page).
  const frameNos = restored.versions.frameNos.map((frameNo) => frameNo + WAL_VERSIONS);
  return { result, versions: { pageNos: restored.versions.pageNos, frameNos } };
}

/** One read of the current state: the point asked (`walFrame`, null for the last commit) and where the log ends. */
interface WalStateRead {
  options: RestoreOptions;
  walFrame: bigint | null;
  settled: CheckpointCheck;
  logEnd: bigint | null;
  /** The log can be read to compare with (no mix of log ids). */
  logUsable: boolean;
}

/**
 * One read of `data` + `data-wal`, refused where its pages do not fit `data` or a checkpoint ran
 * under it (`settled`), with what it saw of data-wal to compare with the log.
 */
async function restoreWalState(
  current: RestoreSource,
  { options, walFrame, settled, logEnd, logUsable }: WalStateRead,
): Promise<{ restored: { result: RestoreResult; versions: PageVersions }; wal: WalFrames | undefined }> {
  // Its message says where the log ends already.
  if (current.unusable) throw unusableError(current.unusable);
  const dataPages = current.database?.pages;
  // Said as verify says it, before quick_check, whose findings would only say the file is malformed.
  const fits: AppliedFit = ({ point, pages, written }) => {
    const changed = settled();
    if (changed || dataPages === undefined) return changed;
    const misfit = walMisfit({ frameNo: point, sizeAfter: pages, dataPages, written });
    return misfit && new SegscopeError(misfit.code, `${misfit.message}; ${wordsOf(options).stopped}`);
  };
  const lastCommit = newestEnd(current.segments, current.baseFrameNo) ?? 0n;
  const untilFrameNo = walFrame ?? lastCommit;
  // The current state (asked for as the latest, or as data-wal's last commit, as the screen asks
  // for its newest point) is compared with the log's newest point, from what its one read of data-wal saw.
  const wal = untilFrameNo >= lastCommit && logEnd !== null && logUsable ? new WalFrames() : undefined;
  const restored = await restorePlanned(
    current,
    { ...options, untilWalFrame: undefined, untilTime: undefined, untilFrameNo },
    { fits, observer: wal },
  ).catch((error: unknown) => {
    throw walFrame === null && logEnd !== null ? withLogHint(error, logEnd) : error;
  });
  return { restored, wal };
}
