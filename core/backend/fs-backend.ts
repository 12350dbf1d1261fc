import { mkdir, mkdtemp, rm, stat } from '../fs-async.js';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { FetchResult } from '../model/results.js';
import { SegscopeError, errnoCode, fsError } from '../errors.js';
import { formatSegmentKey, parseSegmentKey } from '../format/segment-key.js';
import { refuseLinks } from '../storage/no-links.js';
import type { ProgressListener } from '../progress.js';
import type { RemoteStorage } from '../layouts/remote.js';
import { publish, removeQuietly, writeTemp } from '../storage/atomic-write.js';
import type { StoreInput } from './segment-intake.js';
import { checkDestination, linkOrCopy } from './deliver.js';
import {
  DEFAULT_DOWNLOAD_LIMITS,
  type DownloadLimits,
  type RemoteCache,
  fetchChecked,
  fetchFromRemote,
} from './remote-fetch.js';
import { newestEnd } from '../layouts/timeline.js';
import { filesEqual } from '../storage/files-equal.js';
import { DEFAULT_NAMESPACE } from '../model/namespace-id.js';
import { segmentsDir } from '../layouts/namespace.js';
import { readSegmentDir } from '../layouts/seed-segment-dir.js';
import { SegmentIndex } from '../layouts/segment-index.js';

export interface FsBackendOptions {
  /** The folder that holds `segments/` (and `namespaces/`). */
  prefix: string;
  remote: RemoteStorage;
  /** Creation time for stored segments, in seconds since the epoch. */
  now?: () => bigint;
  /** Bounds on what a remote may send (defaults: DEFAULT_DOWNLOAD_LIMITS). */
  downloadLimits?: Partial<DownloadLimits>;
}

/** A remote object read into a scratch file that `use` reads and that is removed after (FsBackend.withRemoteCopy). */
export type WithRemoteCopy = <T>(
  namespace: string,
  key: string,
  use: (path: string) => Promise<T>,
  onProgress?: ProgressListener,
) => Promise<T>;

export interface FetchOptions {
  replace?: boolean;
  /** Download progress when the segment comes from the remote. */
  onProgress?: ProgressListener;
}

export interface StoreOutcome {
  key: string;
  path: string;
  unchanged: boolean;
  uploaded: boolean;
}

/**
 * libsql-wal's fs storage backend (docs/formats/libsql-wal.md) with its TODOs done: namespaces, a cached
 * listing kept current by its own writes, header-vs-name checks as errors, atomic writes.
 */
export class FsBackend {
  readonly prefix: string;
  readonly remote: RemoteStorage;
  private readonly now: () => bigint;
  private readonly limits: DownloadLimits;
  private readonly indexes = new Map<string, Promise<SegmentIndex>>();

  constructor(options: FsBackendOptions) {
    this.prefix = options.prefix;
    this.remote = options.remote;
    this.now = options.now ?? (() => BigInt(Math.floor(Date.now() / 1000)));
    this.limits = { ...DEFAULT_DOWNLOAD_LIMITS, ...options.downloadLimits };
  }

  segmentsDir(namespace: string): string {
    return segmentsDir(this.prefix, namespace);
  }

  /** The namespace's segments folder to read or write, never reached through a link (storage/no-links.ts). */
  private linkFreeSegmentsDir(namespace: string): string {
    const dir = this.segmentsDir(namespace);
    refuseLinks(this.prefix, dir);
    return dir;
  }

  /** Fails with NOT_FOUND when the prefix itself is missing or not a directory. */
  async checkPrefix(): Promise<void> {
    let info;
    try {
      info = await stat(this.prefix);
    } catch (error) {
      throw fsError(error, 'the segment directory', this.prefix);
    }
    if (!info.isDirectory()) {
      throw new SegscopeError('NOT_FOUND', `the segment directory is not a directory: ${this.prefix}`);
    }
  }

  /** The namespace's segments, read from disk once and then kept current by this backend's writes. */
  index(namespace: string): Promise<SegmentIndex> {
    const ns = namespace || DEFAULT_NAMESPACE;
    let index = this.indexes.get(ns);
    if (!index) {
      index = this.checkPrefix().then(
        async () => new SegmentIndex((await readSegmentDir(this.linkFreeSegmentsDir(ns))).segments),
      );
      // A failed read must not be cached: the next call tries again.
      index.catch(() => this.indexes.delete(ns));
      this.indexes.set(ns, index);
    }
    return index;
  }

  /** Installs a listing read elsewhere (by `list`), so the next fetch uses the freshest view. */
  replaceIndex(namespace: string, index: SegmentIndex): void {
    this.indexes.set(namespace || DEFAULT_NAMESPACE, Promise.resolve(index));
  }

  /** Drops the cached listing, for when something else changed the directory. */
  forget(namespace?: string): void {
    if (namespace === undefined) this.indexes.clear();
    else this.indexes.delete(namespace || DEFAULT_NAMESPACE);
  }

  async meta(namespace: string): Promise<{ maxFrameNo: bigint | null }> {
    const local = (await this.index(namespace)).maxFrameNo();
    if (this.remote.kind === 'none') return { maxFrameNo: local };
    // A libsql-wal bucket answers with one LIST (its first index key); others list the namespace.
    const remote = this.remote.maxFrameNo
      ? await this.remote.maxFrameNo(namespace)
      : newestEnd((await this.remote.list(namespace)).segments);
    return { maxFrameNo: local === null || (remote !== null && remote > local) ? remote : local };
  }

  async store(
    namespace: string,
    input: StoreInput,
    options: { replace?: boolean; onProgress?: ProgressListener } = {},
  ): Promise<StoreOutcome> {
    const intake = await import('./segment-intake.js');
    const key = await intake.keyOfInput(input, this.now);
    const name = formatSegmentKey(key);
    const dir = this.linkFreeSegmentsDir(namespace);
    await this.checkPrefix();
    await makeDir(dir, 'the segments directory');
    const target = join(dir, name);
    // The same bytes already stored are unchanged: nothing is written (the folder may be read-only).
    if (input.path !== undefined && (await sameFile(input.path, target))) {
      const { uploadable } = await intake.checkStorable(target, input.name);
      const uploaded = await this.uploadStored(target, namespace, name, uploadable, options.onProgress);
      return { key: name, path: target, unchanged: true, uploaded };
    }
    const temp = await writeTemp(target, (handle) => intake.copyInput(handle, input, target));
    // Nothing is published, let alone uploaded, until it decodes in full as a segment.
    const { uploadable } = await intake.checkStorable(temp, input.name).catch(async (error: unknown) => {
      await removeQuietly(temp);
      throw error;
    });
    const existing = await stat(target).catch(() => null);
    const unchanged = existing !== null && (await filesEqual(temp, target));
    if (unchanged) await removeQuietly(temp);
    else {
      await publish(temp, target, { replace: options.replace ?? false, existsError: () => segmentExists(name) });
      (await this.index(namespace)).add({ name, ...key });
    }
    const uploaded = await this.uploadStored(target, namespace, name, uploadable, options.onProgress);
    return { key: name, path: target, unchanged, uploaded };
  }

  /**
   * A copy already here says nothing of the remote: the upload is asked for every time (the
   * remote's own check makes the same bytes again a no-op there, and different ones SEGMENT_EXISTS).
   */
  private async uploadStored(
    target: string,
    namespace: string,
    name: string,
    uploadable: boolean,
    onProgress: ProgressListener | undefined,
  ): Promise<boolean> {
    if (this.remote.kind === 'none' || !uploadable) return false;
    await this.remote.upload(target, namespace, name, onProgress);
    return true;
  }

  /**
   * libsql-wal's `fetch_segment`: the local segment holding the frame, else the remote's, cached in
   * the segments folder; either way hard-linked to `destPath` (copied across filesystems).
   */
  async fetchSegment(
    namespace: string,
    frameNo: bigint,
    destPath: string,
    options: FetchOptions = {},
  ): Promise<FetchResult> {
    await checkDestination(destPath, options.replace ?? false);
    return this.deliver(await this.locate(namespace, frameNo, options.onProgress), destPath, options.replace ?? false);
  }

  /** The same, into a directory, under the segment's own key (what the UI's "Fetch" does). */
  async fetchSegmentInto(
    namespace: string,
    frameNo: bigint,
    destDir: string,
    options: FetchOptions = {},
  ): Promise<FetchResult> {
    // Checks the directory before any download; the file name is known only once the segment is.
    await checkDestination(join(destDir, 'segment'), true);
    const found = await this.locate(namespace, frameNo, options.onProgress);
    return this.deliver(found, join(destDir, found.key), options.replace ?? false);
  }

  private async deliver(found: Omit<FetchResult, 'path'>, destPath: string, replace: boolean): Promise<FetchResult> {
    await checkDestination(destPath, replace);
    await linkOrCopy(found.cachedPath, destPath, replace);
    return { ...found, path: destPath };
  }

  /** The segment holding the frame in the segments folder, fetching and caching it from the remote if needed. */
  async locate(namespace: string, frameNo: bigint, onProgress?: ProgressListener): Promise<Omit<FetchResult, 'path'>> {
    const index = await this.index(namespace);
    const dir = this.linkFreeSegmentsDir(namespace);
    const local = index.find(frameNo);
    if (local) {
      // The check reads the header in its format: its readers load when a segment is handed out.
      await (await import('./store-checks.js')).checkHeaderAgainstName(join(dir, local.name), local);
      return { source: 'local', key: local.name, cachedPath: join(dir, local.name) };
    }
    const name = await fetchFromRemote(this.remoteCache(), { namespace, ask: { frameNo }, dir, index, onProgress });
    return { source: 'remote', key: name, cachedPath: join(dir, name) };
  }

  /**
   * The remote's segment listed under `key`, fetched into the segments folder unless it is there:
   * of overlapping segments a frame finds one, and a verify reads each.
   */
  async cacheKey(namespace: string, key: string, onProgress?: ProgressListener): Promise<void> {
    const index = await this.index(namespace);
    if (index.has({ name: key, ...parseSegmentKey(key) })) return;
    const dir = this.linkFreeSegmentsDir(namespace);
    await fetchFromRemote(this.remoteCache(), { namespace, ask: { key }, dir, index, onProgress });
  }

  /**
   * The remote's object listed under `key`, downloaded and checked as a fetch is, into a folder of
   * its own that is removed once `use` has read it: what a verify reads of the remote itself,
   * never what the cache holds of it.
   */
  readonly withRemoteCopy: WithRemoteCopy = async (namespace, key, use, onProgress) => {
    const dir = await mkdtemp(join(tmpdir(), 'segscope-remote-'));
    try {
      const { temp } = await fetchChecked(this.remoteCache(), {
        namespace,
        ask: { key },
        dir,
        onProgress,
        scratch: true,
      });
      return await use(temp);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  };

  private remoteCache(): RemoteCache {
    return { remote: this.remote, prefix: this.prefix, limits: this.limits };
  }
}

function segmentExists(name: string): SegscopeError {
  return new SegscopeError(
    'SEGMENT_EXISTS',
    `a different segment is already stored as ${name}; nothing was changed; --replace overwrites it`,
  );
}

/** Whether `target` exists and holds the bytes of `source`. */
async function sameFile(source: string, target: string): Promise<boolean> {
  return (await stat(target).catch(() => null)) !== null && (await filesEqual(source, target));
}

/**
 * Makes `dir` and its missing parents. Node's recursive mkdir answers ENOENT when a parent cannot
 * be made (on a read-only disk, say), so the first missing folder is then made alone for the cause.
 */
async function makeDir(dir: string, what: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true });
  } catch (error) {
    let first = dir;
    while (errnoCode(error) === 'ENOENT' && dirname(first) !== first && !(await stat(dirname(first)).catch(() => null)))
      first = dirname(first);
    throw fsError(
      await mkdir(first).then(
        () => error,
        (cause: unknown) => cause,
      ),
      what,
      dir,
    );
  }
}
