import type { DatabaseFileInfo } from '../model/results.js';
import type { FsBackend } from '../backend/fs-backend.js';
import type { SegmentFormat } from '../model/file-format.js';
import { isSegmentFormat } from '../format/segment-scan.js';
import { checkCheckpoint } from '../inspect/checkpoint.js';
import { baseFrameNo, usableSegments } from '../inspect/list-namespace.js';
import type { Layout } from '../layouts/layout.js';

/** A segment a restore may apply, wherever it lives. */
export interface SourceSegment {
  file: string;
  format: SegmentFormat | null;
  startFrameNo: bigint;
  endFrameNo: bigint;
  /** False for a segment never sealed, whose commits must be recovered before it is applied. */
  sealed: boolean;
  /** A time known from the listing (the seed key's creation time), ms since the epoch. */
  listedTimeMs: bigint | null;
  /** A local path to read it from (a remote one is fetched into the cache first). */
  open(): Promise<string>;
}

/** Everything one namespace's history is made of: an optional base database, then segments. */
export interface RestoreSource {
  database: DatabaseFileInfo | null;
  /** Frames up to here are in the database file. */
  baseFrameNo: bigint;
  segments: SourceSegment[];
}

function ms(iso: string | null): bigint | null {
  if (iso === null) return null;
  const value = Date.parse(iso);
  return Number.isNaN(value) ? null : BigInt(value);
}

/**
 * A namespace of any local layout. A database file whose checkpoint the segments contradict is
 * refused here, so that nothing (restore, points, queries, diffs) starts from it.
 */
export async function sourceFromLayout(layout: Layout, namespace: string): Promise<RestoreSource> {
  const listing = await layout.list(namespace);
  const usable = usableSegments(listing);
  await checkCheckpoint(listing.database, usable);
  const segments = usable.map((s) => ({
    file: s.file,
    format: isSegmentFormat(s.format) ? s.format : null,
    startFrameNo: s.startFrameNo,
    endFrameNo: s.endFrameNo,
    sealed: s.status !== 'unsealed',
    listedTimeMs: ms(s.createdAt),
    open: () => Promise.resolve(s.path),
  }));
  return { database: listing.database, baseFrameNo: baseFrameNo(listing), segments };
}

/** The seed's layout with its remote: local segments first, the remote's filling what is missing. */
export async function sourceFromBackend(layout: Layout, backend: FsBackend, namespace: string): Promise<RestoreSource> {
  const local = await sourceFromLayout(layout, namespace);
  if (backend.remote.kind === 'none') return local;
  const known = new Set(local.segments.map((s) => s.file));
  const remote = (await backend.remote.list(namespace)).segments
    .filter((s) => !known.has(s.key))
    .map((s) => ({
      file: s.key,
      format: null,
      startFrameNo: s.startFrameNo,
      endFrameNo: s.endFrameNo,
      sealed: true,
      listedTimeMs: s.createdAt * 1000n,
      open: async () => (await backend.locate(namespace, s.startFrameNo)).cachedPath,
    }));
  return { ...local, segments: [...local.segments, ...remote] };
}
