import type { ListResult, ListedSegment, NamespaceInfo, NamespacesResult } from '../model/results.js';
import type { FirstRowsWatch, Layout, NamespaceListing } from '../layouts/layout.js';
import type { SegmentRows } from '../layouts/segment-rows.js';
import { gapsAndOverlaps, newestEnd } from '../layouts/timeline.js';
import { namespaceId } from '../model/namespace-id.js';
import { type ErrorCode, SegscopeError } from '../errors.js';

/**
 * The frame a namespace's history starts after: what its database file already holds; -1 for a
 * default-mode namespace, whose log numbers its frames from 0 (libsql-wal's start at 1).
 */
export function baseFrameNo(listing: NamespaceListing): bigint {
  if (listing.replicationLog) return -1n;
  return listing.database?.replicationIndex ?? 0n;
}

/** Segments that can take part in a history (not junk that merely carries a segment's name), by range. */
export function usableSegments(listing: NamespaceListing): ListedSegment[] {
  const sorted = listing.segments.sortedByRange();
  const usable: ListedSegment[] = [];
  for (let i = 0; i < sorted.length; i++) if (sorted.usable(i)) usable.push(sorted.at(i));
  return usable;
}

/** Pieces whose header disagrees with their name: no part of the history, named by points, refused by restores. */
export function misnamedPieces(listing: NamespaceListing): ListedSegment[] {
  const rows = listing.segments.sortedByRange();
  const found: ListedSegment[] = [];
  for (let i = 0; i < rows.length; i++) if (rows.misnamed(i)) found.push(rows.at(i));
  return found;
}

/**
 * The `list` document for one namespace of any layout: segments by start frame, gaps and
 * overlaps (frames a sqld database file already holds are no gap), the newest frame. The
 * segments stay in their compact rows: a command writes them out one at a time. `first` gets
 * the first rows early where the layout can tell them (FirstRowsWatch).
 */
export async function listNamespace(
  layout: Layout,
  namespace: string,
  first?: FirstRowsWatch,
): Promise<ListResult<SegmentRows>> {
  const listing = await layout.list(namespace, first);
  const segments = listing.segments.sortedByRange();
  // Where frames restart per generation, each generation is its own run of frames; the newest is last.
  const generations = segments.generationIds();
  const runs = generations.length > 0 ? generations : [undefined];
  const gaps = [];
  const overlaps = [];
  for (const run of runs) {
    const found = gapsAndOverlaps(segments.usableRanges(run), baseFrameNo(listing));
    const inRun = <T extends object>(range: T) => (run === undefined ? range : { ...range, generation: run });
    gaps.push(...found.gaps.map(inRun));
    overlaps.push(...found.overlaps.map(inRun));
  }
  const maxFrameNo = newestEnd(segments.usableRanges(runs.at(-1)), listing.database?.replicationIndex ?? null);
  return {
    prefix: layout.root,
    layout: layout.name,
    namespace,
    maxFrameNo,
    localMaxFrameNo: maxFrameNo,
    remoteMaxFrameNo: null,
    segments,
    database: listing.database,
    unrecognized: listing.unrecognized,
    gaps,
    overlaps,
  };
}

/**
 * A namespace's kind, segment count and newest frame, or why its folder could not be read (its
 * permissions, a file the listing refuses): one such namespace does not hide the others.
 */
async function readNamespace(
  layout: Layout,
  name: string,
): Promise<Pick<NamespaceInfo, 'kind' | 'segments' | 'maxFrameNo'> | { error: { code: ErrorCode; message: string } }> {
  try {
    const kind = await layout.namespaceKind(name);
    const listed = await listNamespace(layout, name);
    return { ...(kind ? { kind } : {}), segments: listed.segments.length, maxFrameNo: listed.maxFrameNo };
  } catch (error) {
    if (error instanceof SegscopeError) return { error: { code: error.code, message: error.message } };
    throw error;
  }
}

/**
 * Every namespace the layout holds, with what readNamespace found of each, and the entries it did
 * not recognize. `source`: what the namespaces' ids start with (model/namespace-id.ts).
 */
export async function listNamespaces(layout: Layout, source: string = layout.name): Promise<NamespacesResult> {
  const { names, unrecognized } = await layout.namespaceNames();
  const described = await layout.describe?.();
  const namespaces: NamespaceInfo[] = [];
  for (const name of names) {
    const read = await readNamespace(layout, name);
    const config = described?.configs.get(name);
    namespaces.push({
      name,
      id: namespaceId(source, name),
      ...('error' in read ? { segments: 0, maxFrameNo: null } : read),
      location: layout.location ?? 'local',
      ...(config ? { config } : {}),
      ...('error' in read ? { error: read.error } : {}),
    });
  }
  const notes = described?.notes ?? [];
  return { layout: layout.name, namespaces, unrecognized, ...(notes.length > 0 ? { notes } : {}) };
}
