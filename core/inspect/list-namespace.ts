import type { ListResult, ListedSegment, NamespacesResult } from '../api/types.js';
import type { Layout, NamespaceListing } from '../layouts/layout.js';
import { gapsAndOverlaps, newestEnd } from './timeline.js';

function byRange(a: ListedSegment, b: ListedSegment): number {
  if (a.startFrameNo !== b.startFrameNo) return a.startFrameNo < b.startFrameNo ? -1 : 1;
  if (a.endFrameNo !== b.endFrameNo) return a.endFrameNo < b.endFrameNo ? -1 : 1;
  return a.file < b.file ? -1 : a.file > b.file ? 1 : 0;
}

/** The frame a namespace's history starts after: what its database file already holds. */
export function baseFrameNo(listing: NamespaceListing): bigint {
  return listing.database?.replicationIndex ?? 0n;
}

/** Segments that can take part in a history (not junk that merely carries a segment's name). */
export function usableSegments(listing: NamespaceListing): ListedSegment[] {
  return onlyUsable([...listing.segments].sort(byRange));
}

function onlyUsable(sorted: readonly ListedSegment[]): ListedSegment[] {
  return sorted.filter((s) => s.format !== 'unknown' && s.status !== 'not_a_segment' && s.status !== 'unreadable');
}

/**
 * The `list` document for one namespace of any layout: segments by start frame, gaps and
 * overlaps (frames a sqld database file already holds are no gap), the newest frame.
 */
export async function listNamespace(layout: Layout, namespace: string): Promise<ListResult> {
  const listing = await layout.list(namespace);
  const segments = [...listing.segments].sort(byRange);
  const usable = onlyUsable(segments);
  const base = baseFrameNo(listing);
  const { gaps, overlaps } = gapsAndOverlaps(usable, base);
  const maxFrameNo = newestEnd(usable, listing.database?.replicationIndex ?? null);
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

export async function listNamespaces(layout: Layout): Promise<NamespacesResult> {
  const { names, unrecognized } = await layout.namespaceNames();
  const namespaces = [];
  for (const name of names) {
    const listed = await listNamespace(layout, name);
    namespaces.push({ name, segments: listed.segments.length, maxFrameNo: listed.maxFrameNo, location: 'local' as const });
  }
  return { layout: layout.name, namespaces, unrecognized };
}
