import type {
  ListResult,
  ListedSegment,
  ListedSegments,
  NamespaceInfo,
  NamespaceKind,
  NamespacesResult,
  UnrecognizedFile,
} from '../model/results.js';
import type { BucketLayout } from '../model/settings.js';
import { namespaceId } from '../model/namespace-id.js';
import { gapsAndOverlaps, newestEnd } from '../layouts/timeline.js';
import { isoFromSeconds } from '../layouts/seed-created-at.js';
import type { BucketSibling, RemoteListing, RemoteStorage } from '../layouts/remote.js';

/** What else a remote bucket holds beside the layout read: its other layouts, and keys no layout reads. */
export interface BucketSide {
  siblings: BucketSibling[];
  problems: UnrecognizedFile[];
}

/** What the namespaces of a layout with a remote are read from. */
export interface NamespacesBeside {
  remote: RemoteStorage;
  /** What the layout's namespaces' ids start with (model/namespace-id.ts). */
  source: string;
  side: BucketSide;
  /** A namespace's listing, local and remote side by side. */
  list: (namespace: string) => Promise<ListResult<ListedSegments>>;
}

/**
 * Local namespaces, and with a bucket that can tell, the bucket's beside them; where the bucket
 * holds several layouts, every one's namespaces, each row with its layout.
 */
export async function namespacesWithRemote(
  local: NamespacesResult,
  { remote, source, side, list }: NamespacesBeside,
): Promise<NamespacesResult> {
  const namespaces: NamespaceInfo[] = [...local.namespaces];
  if (remote.namespaces) {
    const remoteNames = await remote.namespaces();
    // A local folder beside a bucket caches the bucket's segments: the bucket's layout says what wrote them.
    const kind = remote.layout ? { kind: BUCKET_KIND[remote.layout] } : {};
    for (const [i, ns] of namespaces.entries()) {
      if (!remoteNames.includes(ns.name)) continue;
      // Counted as a restore reads it: what the folder caches together with what only the bucket holds.
      const listed = ns.error ? null : await list(ns.name);
      const both = listed ? { segments: listed.segments.length, maxFrameNo: listed.maxFrameNo } : {};
      namespaces[i] = { ...ns, ...kind, location: 'both', ...both };
    }
    for (const name of remoteNames) {
      if (namespaces.some((ns) => ns.name === name)) continue;
      namespaces.push(await remoteNamespace(remote, namespaceId(source, name), name));
    }
  }
  const { siblings, problems } = side;
  if (siblings.length > 0) {
    for (const [i, ns] of namespaces.entries()) namespaces[i] = { ...ns, layout: source };
    for (const sibling of siblings) {
      for (const name of await sibling.names()) {
        const id = namespaceId(sibling.id, name);
        namespaces.push({
          ...(await remoteNamespace(sibling.remote, id, name, sibling.layout)),
          layout: sibling.label,
        });
      }
    }
  }
  return { ...local, namespaces, unrecognized: [...local.unrecognized, ...problems] };
}

/**
 * A namespace's local listing with the remote's segments among its rows: a segment both hold is
 * marked `both` (and `size_differs` where the sizes of a copy disagree), one only the remote holds is a row
 * of its own, unchecked; the gaps, overlaps and newest frame are those of the two together.
 */
export function segmentsWithRemote(
  local: ListResult<ListedSegments>,
  listing: RemoteListing,
  bucketProblems: readonly UnrecognizedFile[],
): ListResult<ListedSegments> {
  // Fresh objects: a listing's rows are made as they are read, so marking them changes nothing else.
  const segments: ListedSegment[] = [...local.segments];
  const byFile = new Map(segments.map((s) => [s.file, s]));
  for (const r of listing.segments) {
    const mine = byFile.get(r.key);
    if (mine) {
      mine.location = 'both';
      const copy = listing.objectFormats?.includes(mine.format) ?? true;
      if (copy && r.size !== null && r.size !== mine.size) mine.status = 'size_differs';
      continue;
    }
    segments.push({
      file: r.key,
      path: r.key,
      format: 'unknown',
      startFrameNo: r.startFrameNo,
      endFrameNo: r.endFrameNo,
      createdAt: isoFromSeconds(r.createdAt),
      size: r.size ?? 0n,
      location: 'remote',
      status: 'unchecked',
    });
  }
  segments.sort((a, b) => (a.startFrameNo < b.startFrameNo ? -1 : a.startFrameNo > b.startFrameNo ? 1 : 0));
  const { gaps, overlaps } = gapsAndOverlaps(segments);
  return {
    ...local,
    segments,
    unrecognized: [...local.unrecognized, ...listing.unrecognized, ...bucketProblems],
    gaps,
    overlaps,
    maxFrameNo: newestEnd(listing.segments, local.maxFrameNo),
    remoteMaxFrameNo: newestEnd(listing.segments),
  };
}

/** What writes a bucket layout's namespaces. */
const BUCKET_KIND: Record<BucketLayout, NamespaceKind> = {
  'libsql-wal': 'libsql-wal',
  'seed-bucket': 'seed',
  bottomless: 'bottomless',
};

/** A namespace only a remote holds, counted from its listing. */
async function remoteNamespace(
  remote: RemoteStorage,
  id: string,
  name: string,
  layout?: BucketLayout,
): Promise<NamespaceInfo> {
  const listed = await remote.list(name);
  const kind = layout ?? remote.layout;
  return {
    name,
    id,
    ...(kind ? { kind: BUCKET_KIND[kind] } : {}),
    segments: listed.segments.length,
    maxFrameNo: newestEnd(listed.segments),
    location: 'remote',
  };
}
