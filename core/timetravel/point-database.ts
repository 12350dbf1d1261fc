import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { restoreWithVersions } from '../restore/restore.js';
import { pointAtTimeIn } from '../restore/points.js';
import { withCurrentStateHint } from '../restore/refusal-hints.js';
import type { ProgressListener } from '../progress.js';
import type { RestoreSource, StoppedWords } from '../restore/restore-contract.js';
import type { PointFile } from './changed-trees.js';

/** Where a point is asked for: a frame, a time, or (neither) the newest point. */
export interface PointRequest {
  atFrameNo?: bigint | undefined;
  atTime?: string | undefined;
  /** A default-mode namespace: a commit of its SQLite WAL file, by SQLite's frame index (0: `data` alone). */
  atWalFrame?: bigint | undefined;
  /** Where frames restart per generation (bottomless): the generation `atFrameNo` is a frame of. */
  generation?: string | undefined;
  /** Rebuild across missing frames (the command line's --allow-gaps) instead of refusing with CHAIN_GAP. */
  allowGaps?: boolean | undefined;
  /** Aborted (the app's Cancel): a restore of the point still running stops and leaves nothing. */
  signal?: AbortSignal | undefined;
  /** How a refusal to build the point says what was left undone (the query's, the diff's words). */
  words?: StoppedWords | undefined;
}

/** What a query refused because its point cannot be built says: it ran nothing, and wrote nothing. */
export const QUERY_WORDS: StoppedWords = {
  stopped: 'the query was not run',
  earlier: 'query an earlier point with --at-frame',
};

/** What a diff refused because one of its points cannot be built says. */
export const DIFF_WORDS: StoppedWords = {
  stopped: 'nothing was compared',
  earlier: 'compare earlier points with --from and --to',
};

/** The point one restore builds, and what it reports to and is stopped by. */
interface PointBuild {
  target: {
    untilFrameNo: bigint | undefined;
    untilWalFrame: bigint | undefined;
    untilTime: string | undefined;
    generation: string | undefined;
  };
  allowGaps: boolean;
  onProgress: ProgressListener | undefined;
  signal: AbortSignal | undefined;
  words: StoppedWords | undefined;
}

/** Databases kept built, so a second query at the same point does not rebuild it. */
const KEPT = 4;

/**
 * What names the database a request builds beside the request itself, where that moves while the
 * namespace is open: the newest point moves with every commit, and a commit of a default-mode
 * namespace's WAL file (wal:N) is another commit once a checkpoint starts the file over (its header
 * and salts, in the checkpoint mark, change). A frame of the log names one database while it stands.
 */
function movingState(source: RestoreSource, frame: bigint | undefined, atWalFrame: bigint | undefined): string {
  if (frame !== undefined && atWalFrame === undefined) return '';
  const mark = source.current?.live?.marked ?? '';
  if (atWalFrame !== undefined) return mark;
  let newest = -1n;
  for (const s of source.segments) if (s.endFrameNo > newest) newest = s.endFrameNo;
  return `${mark}/${newest}/${source.current?.segments[0]?.endFrameNo ?? ''}`;
}

/**
 * Folders of point databases not yet disposed of. Whatever still stands when the process exits
 * (the desktop app quitting before an asynchronous removal ends) is removed then, synchronously,
 * as an exit handler must.
 */
const standing = new Set<string>();
process.once('exit', () => {
  for (const dir of standing) rmSync(dir, { recursive: true, force: true });
});

/**
 * The database as of a point, restored (with every check a restore makes) into a private
 * temporary folder and kept for the next queries at that point; the least recently used of more
 * than a few is removed.
 */
export class PointDatabases {
  private readonly built = new Map<string, Promise<PointFile>>();
  /** A private folder, made on first use. */
  private dir: Promise<string> | null = null;

  private folder(): Promise<string> {
    this.dir ??= mkdtemp(join(tmpdir(), 'segscope-points-')).then((dir) => {
      standing.add(dir);
      return dir;
    });
    return this.dir;
  }

  async at(
    sourceId: string,
    source: RestoreSource,
    request: PointRequest,
    onProgress?: ProgressListener,
  ): Promise<PointFile> {
    let frame = request.atFrameNo;
    let generation = request.generation;
    // Generations are chosen by time as a restore to that time chooses them (bottomless's own rule), so
    // a query and a restore at one time stand on one state, or are refused alike.
    const untilTime = source.generations ? request.atTime : undefined;
    if (request.atTime !== undefined && untilTime === undefined) {
      // Refused as a restore at that time is: with data and data-wal's own points, where there are some.
      const point = await pointAtTimeIn(source, request.atTime).catch(async (error: unknown) => {
        throw await withCurrentStateHint(error, source, undefined);
      });
      frame = point.frameNo;
      generation = point.generation ?? generation;
    }
    const allowGaps = request.allowGaps ?? false;
    // A database built across a gap is another database than the one refused without it.
    const state = movingState(source, frame, request.atWalFrame);
    const id = createHash('sha256')
      .update(
        [
          sourceId,
          generation ?? '',
          frame ?? 'newest',
          untilTime ?? '',
          request.atWalFrame ?? '',
          allowGaps ? 'gaps' : '',
          state,
        ].join('\0'),
      )
      .digest('hex')
      .slice(0, 24);
    let entry = this.built.get(id);
    // Most recently used last, so a diff's first point is not the one its second evicts.
    this.built.delete(id);
    if (!entry) {
      const target = { untilFrameNo: frame, untilWalFrame: request.atWalFrame, untilTime, generation };
      entry = this.build(id, source, { target, allowGaps, onProgress, signal: request.signal, words: request.words });
      entry.catch(() => this.built.delete(id));
    }
    this.built.set(id, entry);
    await this.evict();
    return entry;
  }

  private async build(
    id: string,
    source: RestoreSource,
    { target, allowGaps, onProgress, signal, words }: PointBuild,
  ): Promise<PointFile> {
    const path = join(await this.folder(), `${id}.db`);
    await rm(path, { force: true });
    const { result, versions } = await restoreWithVersions(source, {
      out: path,
      ...target,
      allowGaps,
      durable: false,
      onProgress,
      signal,
      words,
    });
    const wal = result.walFrame !== undefined ? { walFrame: result.walFrame } : {};
    const generation = result.generation !== undefined ? { generation: result.generation } : {};
    const unproven = result.unprovenPages !== undefined ? { unprovenPages: result.unprovenPages } : {};
    const mismatch = result.logMismatch ? { logMismatch: result.logMismatch } : {};
    const file = { path, frameNo: result.untilFrameNo, pages: result.pages, versions };
    return { ...file, ...wal, ...generation, ...unproven, ...mismatch };
  }

  private async evict(): Promise<void> {
    while (this.built.size > KEPT) {
      const [oldest] = this.built.keys();
      if (oldest === undefined) return;
      const entry = this.built.get(oldest);
      this.built.delete(oldest);
      const built = await entry?.catch(() => null);
      if (built) await rm(built.path, { force: true });
    }
  }

  /** Removes every database built (the API closes, the command ends). */
  async dispose(): Promise<void> {
    this.built.clear();
    const dir = await this.dir;
    this.dir = null;
    if (!dir) return;
    standing.delete(dir);
    await rm(dir, { recursive: true, force: true });
  }
}
