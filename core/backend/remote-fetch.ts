import { mkdir } from '../fs-async.js';
import { join } from 'node:path';
import { SegscopeError, fsError } from '../errors.js';
import { type SegmentKey, keyContainsFrame, parseSegmentKey } from '../format/segment-key.js';
import type { RemoteObject, RemoteStorage } from '../layouts/remote.js';
import type { SegmentIndex } from '../layouts/segment-index.js';
import type { ProgressListener } from '../progress.js';
import { publish, removeQuietly, writeTemp } from '../storage/atomic-write.js';
import { boundedBody } from '../storage/bounded-body.js';
import { REMOTE_BUDGET, bodyDeadlineMs } from '../storage/remote-budget.js';
import { writeDownload } from './download-file.js';

export interface DownloadLimits {
  /** The largest segment accepted from a remote. */
  maxSegmentBytes: bigint;
  /** A body that sends nothing for this long is abandoned. */
  idleMs: number;
  /** Every download gets this long, plus a second for each MiB it is listed at. */
  baseDeadlineMs: number;
}

/** 16 GiB is far past any segment libsql-wal writes (a compacted segment holds each page once). */
export const MAX_SEGMENT_BYTES = 16n << 30n;

export const DEFAULT_DOWNLOAD_LIMITS: DownloadLimits = {
  maxSegmentBytes: MAX_SEGMENT_BYTES,
  idleMs: REMOTE_BUDGET.bodyIdleMs,
  baseDeadlineMs: REMOTE_BUDGET.bodyBaseDeadlineMs,
};

/** The remote a fetch asks, the folder that holds the segments folders, and what it accepts. */
export interface RemoteCache {
  remote: RemoteStorage;
  prefix: string;
  limits: DownloadLimits;
}

/** What a fetch asks the remote for: the segment holding a frame, or one its listing gave, by key. */
export type RemoteAsk = { frameNo: bigint } | { key: string };

/** What a fetch that found no local copy asks the remote for, and where it is cached. */
export interface RemoteFetch {
  namespace: string;
  ask: RemoteAsk;
  dir: string;
  index: SegmentIndex;
  onProgress?: ProgressListener | undefined;
}

/**
 * The remote's segment asked for, cached in the segments folder under its key (returned) and added
 * to the index. Nothing is kept that is not whole, within the limits, and a segment whose header
 * agrees with its key and whose every check passes; a refused answer's connection is not read further.
 * Only the asking differs between a fetch by frame and one by key: every step after it is the same.
 */
export async function fetchFromRemote(cache: RemoteCache, request: RemoteFetch): Promise<string> {
  const { dir, index } = request;
  const { temp, key, name } = await fetchChecked(cache, request);
  const target = join(dir, name);
  // The folder is tied to this remote before its first segment lands (backend/cache-owner.ts).
  if (cache.remote.owner !== undefined) {
    const owner = cache.remote.owner;
    await (await import('./cache-owner.js')).claimCache(cache.prefix, owner).catch(async (error: unknown) => {
      await removeQuietly(temp);
      throw error;
    });
  }
  // Another fetch may have cached the same segment meanwhile; its copy is as good as ours.
  const cachedMeanwhile = new SegscopeError('SEGMENT_EXISTS', `${name} was cached by another fetch`);
  await publish(temp, target, { replace: false, existsError: () => cachedMeanwhile }).catch((error: unknown) => {
    if (error !== cachedMeanwhile) throw error;
  });
  index.add({ name, ...key });
  return name;
}

/** What `fetchChecked` asks for; `scratch`: a copy read once and removed, never flushed to disk. */
export type CheckedFetch = Omit<RemoteFetch, 'index'> & { scratch?: boolean };

/** A segment downloaded and checked, under a temporary name beside where it would be kept. */
export interface CheckedDownload {
  temp: string;
  key: SegmentKey;
  /** Its key as the remote lists it, the name it is kept under. */
  name: string;
}

/**
 * The remote's segment asked for, written to a temporary file in `request.dir` and checked there
 * (its header against its key, then every check its format has); the caller publishes or removes it.
 */
export async function fetchChecked(cache: RemoteCache, request: CheckedFetch): Promise<CheckedDownload> {
  const found = await askRemote(cache.remote, request);
  const key = acceptedKey(found, request.ask, cache.limits.maxSegmentBytes);
  await mkdir(request.dir, { recursive: true }).catch((error: unknown) => {
    found.body.destroy();
    throw fsError(error, 'the segments directory', request.dir);
  });
  const name = found.segment.key;
  const temp = await download(found, join(request.dir, name), cache, request);
  await admit(temp, key, name, cache.remote);
  return { temp, key, name };
}

/** The remote's answer to what is asked; what it does not hold is refused before anything is read. */
async function askRemote(
  remote: RemoteStorage,
  { namespace, ask, dir }: Omit<RemoteFetch, 'index'>,
): Promise<RemoteObject> {
  if ('frameNo' in ask) {
    const found = await remote.fetch(namespace, ask.frameNo);
    if (found) return found;
    throw new SegscopeError(
      'FRAME_NOT_FOUND',
      `no segment holds frame ${ask.frameNo}, locally in ${dir} or in the remote (${remote.description})`,
    );
  }
  if (!remote.fetchKey)
    throw new SegscopeError('INVALID_ARGUMENT', `${remote.description} does not fetch a segment by its key`);
  const found = await remote.fetchKey(namespace, ask.key);
  if (found) return found;
  throw new SegscopeError('REMOTE_NOT_FOUND', `${ask.key} is no longer in ${remote.description}; nothing was fetched`);
}

/**
 * The key of what the remote answered, once its name, range and size are fit to fetch: a well-formed
 * key that is what was asked for, listed within the limit, and sent at the size it is listed at.
 */
function acceptedKey(found: RemoteObject, ask: RemoteAsk, maxBytes: bigint): SegmentKey {
  const { segment, contentLength } = found;
  const listed = segment.size;
  try {
    const key = remoteKey(segment.key);
    const other = notAsked(ask, key, segment.key);
    if (other) throw other;
    if (listed !== null && listed > maxBytes) {
      throw new SegscopeError(
        'TRUNCATED_SEGMENT',
        `the remote lists ${segment.key} at ${listed} bytes, more than the ${maxBytes} accepted; nothing was fetched`,
      );
    }
    if (contentLength !== null && listed !== null && contentLength !== listed) {
      throw new SegscopeError(
        'TRUNCATED_SEGMENT',
        `the remote listed ${segment.key} at ${listed} bytes but is sending ${contentLength}; nothing was kept`,
      );
    }
    return key;
  } catch (error) {
    found.body.destroy();
    throw error;
  }
}

/** Why the remote's answer is not the segment asked for; null where it is. */
function notAsked(ask: RemoteAsk, key: SegmentKey, name: string): SegscopeError | null {
  if (!('frameNo' in ask))
    return name === ask.key
      ? null
      : new SegscopeError('REMOTE_NOT_FOUND', `the remote answered ${ask.key} with ${name}; nothing was fetched`);
  return keyContainsFrame(key, ask.frameNo)
    ? null
    : new SegscopeError(
        'FRAME_NOT_FOUND',
        `the remote answered frame ${ask.frameNo} with ${name}, which does not hold it`,
      );
}

/** A key handed back by a remote names a file: anything but a well-formed key is refused. */
function remoteKey(name: string): SegmentKey {
  if (name.includes('/') || name.includes('\\') || name.includes('..') || name.includes('\0')) {
    throw new SegscopeError(
      'UNSAFE_PATH',
      `the remote returned the file name "${name}", which would escape the segments folder; refused`,
    );
  }
  return parseSegmentKey(name);
}

/** The body written to a temporary file beside `target` (returned), within the limits, whole or not at all. */
async function download(
  { segment, body }: RemoteObject,
  target: string,
  { remote, limits }: RemoteCache,
  { onProgress, scratch = false }: CheckedFetch,
): Promise<string> {
  const listed = segment.size;
  const progress = (done: bigint, total: bigint): void =>
    onProgress?.({ id: `fetch:${segment.key}`, phase: 'download', done: Number(done), total: Number(total) });
  const bounded = boundedBody(body, {
    listedBytes: listed,
    maxBytes: limits.maxSegmentBytes,
    idleMs: limits.idleMs,
    deadlineMs: bodyDeadlineMs(listed ?? 0n, limits.baseDeadlineMs),
    what: `${segment.key} from ${remote.description}`,
  });
  return writeTemp(
    target,
    async (handle) => {
      const received = await writeDownload(bounded, {
        handle,
        what: 'the segment being fetched',
        path: target,
        ...(scratch ? { flushEvery: 0 } : {}),
        onBatch: (done) => progress(done, listed ?? done),
        cut: (cutAt, cause) =>
          new SegscopeError(
            'REMOTE_UNAVAILABLE',
            `the download of ${segment.key} from ${remote.description} was cut after ${cutAt} bytes; ` +
              `nothing was kept, try again`,
            { cause },
          ),
      }).catch((error: unknown) => {
        // Whatever ended the writing, the connection is not read again.
        body.destroy();
        throw error;
      });
      progress(received, received);
      if (listed !== null && received !== listed) {
        throw new SegscopeError(
          'TRUNCATED_SEGMENT',
          `the remote listed ${segment.key} as ${listed} bytes but sent ${received}; nothing was kept, try again`,
        );
      }
    },
    !scratch,
  );
}

/**
 * The downloaded file's header checked against its key, then the segment read through as a verify
 * reads it: a download that fails any check is removed, so a damaged object is never served from
 * the cache once the remote holds it whole again. The message names the remote's object.
 */
async function admit(temp: string, key: SegmentKey, name: string, remote: RemoteStorage): Promise<void> {
  try {
    await (await import('./store-checks.js')).checkHeaderAgainstName(temp, key, name);
    const { scan } = await (await import('../storage/scan-file.js')).scanSegment(temp);
    const error = scan.problems.find((p) => p.severity === 'error');
    if (error) {
      throw new SegscopeError(
        error.code,
        `the remote's ${name} (${remote.description}): ${error.message}; the download was not kept`,
      );
    }
  } catch (error) {
    await removeQuietly(temp);
    throw error;
  }
}
