import { dirname } from 'node:path';
import type { FetchResult, ListedSegment } from '../model/results.js';
import { bottomlessRestorer } from './bottomless-source.js';
import type { LiveFiles, RestoreSource, SourceSegment } from './restore-contract.js';
import type { RemoteStorage } from '../layouts/remote.js';
import { isSegmentFormat } from '../format/segment-scan.js';
import { checkCheckpoint } from '../inspect/checkpoint.js';
import { baseFrameNo, misnamedPieces, usableSegments } from '../inspect/list-namespace.js';
import { chooseLogPieces, misnamedPiece, mixedLogIds } from '../inspect/log-chain.js';
import { CHAIN_ENTRY } from '../inspect/chain.js';
import type { Layout } from '../layouts/layout.js';
import { DATA, DATA_WAL } from '../format/sqld-names.js';
import { checkpointCopied, checkpointMark } from '../layouts/sqld-checkpoint-mark.js';
import { newestEnd } from '../layouts/timeline.js';
import { logHint } from '../model/log-hint.js';

function ms(iso: string | null): bigint | null {
  if (iso === null) return null;
  const value = Date.parse(iso);
  return Number.isNaN(value) ? null : BigInt(value);
}

function localSegment(s: ListedSegment): SourceSegment {
  return {
    file: s.file,
    format: isSegmentFormat(s.format) ? s.format : null,
    startFrameNo: s.startFrameNo,
    endFrameNo: s.endFrameNo,
    // A WAL file's commits are known only once it is read: it is cut at its last one, like a segment never sealed.
    sealed: s.status !== 'unsealed' && s.format !== 'sqlite-wal',
    listedTimeMs: ms(s.createdAt),
    open: () => Promise.resolve(s.path),
  };
}

/** Said of data or data-wal that no current state can stand on, with where the log, untouched, ends. */
function noCurrentState(logEnd: bigint | null): string {
  const log = logEnd === null ? 'nor the log: it holds no point' : logHint(logEnd);
  return `the current state cannot be restored (${log})`;
}

/** A default-mode namespace's `data` and `data-wal`, which sqld may checkpoint while they are read. */
function liveFiles(layout: Layout, namespace: string, marked: string): LiveFiles {
  const nsDir = dirname(layout.filePath(namespace, DATA));
  return {
    marked,
    mark: () => checkpointMark(nsDir),
    copied: () => checkpointCopied(nsDir),
    relist: async () => (await sourceFromLayout(layout, namespace)).current,
  };
}

/**
 * A namespace of any local layout. A database file whose checkpoint the segments contradict is
 * refused here, so that nothing (restore, points, queries, diffs) starts from it.
 */
export async function sourceFromLayout(layout: Layout, namespace: string): Promise<RestoreSource> {
  if (layout.generations) {
    return {
      generations: bottomlessRestorer(layout.generations, namespace),
      database: null,
      baseFrameNo: 0n,
      segments: [],
    };
  }
  const listing = await layout.list(namespace);
  const usable = usableSegments(listing);
  if (listing.replicationLog) {
    // Two histories that agree at the last commit: the log from frame 0 (snapshots, pending
    // logs, wallog) and the database file with SQLite's WAL file on top, the current state.
    const walFile = listing.replicationLog.walFile;
    // No current state stands on a WAL file or a database file that cannot be used: unreadable, not
    // SQLite's with sqld's pages, or a database missing beside a WAL file.
    const unusable = listing.unrecognized.find((u) => u.file === DATA_WAL) ?? listing.databaseUnread;
    const { chosen } = chooseLogPieces(usable);
    const current = {
      database: listing.database,
      baseFrameNo: 0n,
      segments: walFile ? [localSegment(walFile)] : [],
      walIndexes: true as const,
      live: liveFiles(layout, namespace, listing.replicationLog.checkpointMark),
      ...(unusable
        ? { unusable: { ...unusable, message: `${unusable.message}; ${noCurrentState(newestEnd(chosen))}` } }
        : {}),
    };
    const mixed = mixedLogIds(chosen);
    const misnamed = misnamedPieces(listing).map((s) => misnamedPiece(s, chosen));
    const unnamed = listing.unrecognized.filter((u) => u.holds);
    return {
      database: null,
      baseFrameNo: -1n,
      segments: chosen.map(localSegment),
      ...(misnamed.length > 0 ? { misnamed } : {}),
      ...(unnamed.length > 0 ? { unnamed } : {}),
      ...(mixed
        ? { unusable: { file: CHAIN_ENTRY, code: mixed.code, message: `${mixed.message}; the log cannot be restored` } }
        : {}),
      ...(listing.database || unusable ? { current } : {}),
    };
  }
  await checkCheckpoint(listing.database, usable);
  const misnamed = misnamedPieces(listing).map((s) => misnamedPiece(s, usable));
  return {
    database: listing.database,
    baseFrameNo: baseFrameNo(listing),
    segments: usable.map(localSegment),
    ...(misnamed.length > 0 ? { misnamed } : {}),
    ...(listing.databaseUnread ? { unreadBase: listing.databaseUnread } : {}),
  };
}

/** Where a remote's segments are fetched to before a restore reads them (the seed's fs backend). */
export interface RemoteSegments {
  readonly remote: RemoteStorage;
  /** `source` 'remote': this call fetched it; 'local': the cache held it already. */
  locate(namespace: string, frameNo: bigint): Promise<Pick<FetchResult, 'source' | 'cachedPath'>>;
}

/**
 * A layout with its store's remote: local segments first, the remote's filling what is missing.
 * `onFetched` is told of each remote segment a read copies into this disk's cache.
 */
export async function sourceFromStore(
  layout: Layout,
  store: RemoteSegments,
  namespace: string,
  onFetched?: () => void,
): Promise<RestoreSource> {
  const local = await sourceFromLayout(layout, namespace);
  if (store.remote.kind === 'none') return local;
  const known = new Set(local.segments.map((s) => s.file));
  const listing = await store.remote.list(namespace);
  const listed = new Set(listing.segments.map((s) => s.key));
  // A local file the remote lists in the format it keeps is its copy: a refusal says so, and where.
  const cached = (s: SourceSegment): boolean =>
    listed.has(s.file) && (listing.objectFormats?.includes(s.format ?? 'unknown') ?? true);
  const described = local.segments.map((s) => {
    if (!cached(s)) return s;
    const at = layout.filePath(namespace, s.file);
    return { ...s, describedAs: `the cached copy at ${at} of ${s.file} (from ${store.remote.description})` };
  });
  const remote = listing.segments
    .filter((s) => !known.has(s.key))
    .map((s) => ({
      file: s.key,
      format: null,
      startFrameNo: s.startFrameNo,
      endFrameNo: s.endFrameNo,
      sealed: true,
      listedTimeMs: s.createdAt * 1000n,
      open: async () => {
        const { source, cachedPath } = await store.locate(namespace, s.startFrameNo);
        if (source === 'remote') onFetched?.();
        return cachedPath;
      },
    }));
  return { ...local, segments: [...described, ...remote] };
}
