import type {
  FetchResult,
  LayoutName,
  ListResult,
  ListedSegments,
  MetaResult,
  NamespacesResult,
} from '../model/results.js';
import { resolve } from 'node:path';
import type { RemoteSettings } from '../model/settings.js';
import { SegscopeError } from '../errors.js';
import { ambiguousNamespace, namespaceId, splitNamespaceRef, unknownNamespaceSource } from '../model/namespace-id.js';
import { listNamespace, listNamespaces } from '../inspect/list-namespace.js';
import type { FirstRowsWatch, Layout } from '../layouts/layout.js';
import { detectFolder, openLayout } from '../layouts/open-layout.js';
import type { ProgressListener } from '../progress.js';
import { openRemote } from '../layouts/open-remote.js';
import type { BucketSibling, RemoteStorage } from '../layouts/remote.js';
import { noneRemote } from '../layouts/none-remote.js';
import type { RestoreSource } from '../restore/restore-contract.js';
import type { ObjectStore } from '../storage/object-store.js';
import { refuseLinks } from '../storage/no-links.js';
import type { StoreOutcome, WithRemoteCopy } from '../backend/fs-backend.js';
import type { StoreInput } from '../backend/segment-intake.js';
import { type FetchDest, type SegmentStore, openSegmentStore } from './segment-store.js';
import { type BucketSide, namespacesWithRemote, segmentsWithRemote } from './listing-with-remote.js';

export interface WorkspaceOptions {
  layout?: LayoutName | undefined;
  remote: RemoteSettings;
  /**
   * Keep what each listing read, so the next one reads only what changed (the app and the
   * browser mode, which list the same folder again on Reload); a command lists once and keeps
   * nothing.
   */
  keepListings?: boolean;
}

/** The namespace a call names: its name, its id, and the workspace that reads it. */
export interface NamespaceTarget {
  workspace: Workspace;
  name: string;
  id: string;
}

/**
 * The folder given beside a bottomless bucket is where its fetched objects are kept: one another
 * layout holds (a sqld data directory, a seed store) would be written into, and read as the bucket
 * alone, its own namespaces gone from view without a word. Only a missing, empty or earlier such
 * folder is taken.
 */
async function keptBesideBucket(path: string, remote: RemoteStorage): Promise<void> {
  const held = await detectFolder(path).catch(async (error: unknown) => {
    await remote.close();
    throw error;
  });
  if (held === null || held === 'bottomless') return;
  await remote.close();
  throw new SegscopeError(
    'INVALID_ARGUMENT',
    `${resolve(path)} holds a ${held} layout, and beside a bottomless bucket (${remote.description}) the path is ` +
      `the folder its fetched objects are kept in, which must be empty or one kept for it before: read the ` +
      `bucket alone (--remote without a path), or give another folder`,
  );
}

/**
 * What a command or the app works on: a layout opened at a path, its remote, and the store the
 * layout offers (segment-store.ts: the seed's fs backend, a bottomless backup's batches, or
 * fetching from a read-only layout's listing). Every operation above it (CLI, API) goes through
 * here, so none of them knows which layout it reads.
 */
export class Workspace {
  /** The bucket's other layouts opened as workspaces of their own, by their id, once a call names one. */
  private readonly others = new Map<string, Promise<Workspace>>();
  /** Bare names already settled to an id: the layouts' names are read once, not at every call. */
  private readonly settled = new Map<string, string>();

  private constructor(
    readonly layout: Layout,
    readonly remote: RemoteStorage,
    private readonly segments: SegmentStore,
    /** What else the remote bucket holds: its other layouts, and keys no layout reads. */
    private readonly bucketSide: BucketSide,
    /** How it was opened: a sibling layout is opened the same way, its layout pinned. */
    private readonly openedAs: { path: string | null; options: WorkspaceOptions },
    /** What its namespaces' ids start with (model/namespace-id.ts). */
    readonly source: string,
  ) {}

  /**
   * `path` null: the remote alone, which only a bottomless bucket can be (its generations are read
   * where they are). With a path beside a bottomless bucket, the path is where fetched objects are kept.
   */
  static async open(path: string | null, options: WorkspaceOptions, source?: string): Promise<Workspace> {
    const remote = await openRemote(options.remote, path !== null);
    const openedAs = { path, options };
    if (remote.layoutOverBucket) {
      if (path !== null) await keptBesideBucket(path, remote);
      const layout = remote.layoutOverBucket;
      const none = noneRemote();
      // The layout reports the bucket's unknown keys itself; its other layouts are shown beside it.
      const side = { siblings: remote.siblings ?? [], problems: [] };
      return new Workspace(layout, none, openSegmentStore(layout, none, path), side, openedAs, source ?? layout.name);
    }
    if (path === null) {
      await remote.close();
      throw new SegscopeError(
        'INVALID_ARGUMENT',
        remote.kind === 'none'
          ? 'a location is needed: <path>, --dir <path> or --remote <bucket>'
          : `${remote.description} is read through a local folder: give the <path> its segments are cached in ` +
              `(only a bottomless bucket is read from --remote alone)`,
      );
    }
    // Only the app keeps listings: a command loads none of what keeps them.
    const cache =
      options.keepListings === true ? new (await import('../layouts/listing-cache.js')).ListingCache() : null;
    const layout = await openLayout(path, options.layout, cache);
    try {
      if (layout.writable && remote.owner !== undefined)
        await (await import('../backend/cache-owner.js')).checkCacheOwner(layout.root, remote.owner);
      const side = { siblings: remote.siblings ?? [], problems: remote.bucketProblems ?? [] };
      const own = source ?? remote.layout ?? layout.name;
      return new Workspace(layout, remote, openSegmentStore(layout, remote, null), side, openedAs, own);
    } catch (error) {
      await remote.close();
      throw error;
    }
  }

  /**
   * The namespace a call names, and the workspace that reads it: this one, or the bucket's other
   * layout its id names. A bare name is this workspace's unless only another layout holds it; one
   * that several layouts hold is refused (AMBIGUOUS_NAMESPACE), naming their ids. Nothing named:
   * the one `unnamed` settles on.
   */
  async target(requested?: string): Promise<NamespaceTarget> {
    if (requested === undefined) return this.own((await this.unnamed()).name);
    const { source, name } = splitNamespaceRef(requested);
    const { siblings } = this.bucketSide;
    if (source !== null) {
      if (source === this.source) return this.own(name);
      const sibling = siblings.find((s) => s.id === source);
      if (!sibling) throw unknownNamespaceSource(requested, [this.source, ...siblings.map((s) => s.id)]);
      return this.inSibling(sibling, name);
    }
    if (siblings.length === 0) return this.own(name);
    const known = this.settled.get(name);
    if (known !== undefined) return this.target(known);
    const found = await this.settle(name);
    this.settled.set(name, found.id);
    return found;
  }

  /**
   * The namespace meant where none is named, for the CLI and the app alike: the only one this
   * layout holds (a bucket whose one backup is "classic"), else the layout's default; with the
   * names it was chosen among, so a front end can say a default was taken among several.
   */
  async unnamed(): Promise<{ name: string; names: readonly string[] }> {
    const { names } = await this.layout.namespaceNames();
    const only = names.length === 1 ? names[0] : undefined;
    return { name: only ?? this.layout.defaultNamespace, names };
  }

  /** A bare name in a bucket of several layouts: the one layout that holds it, else refused. */
  private async settle(name: string): Promise<NamespaceTarget> {
    const { siblings } = this.bucketSide;
    const holders = [];
    for (const sibling of siblings) if ((await sibling.names()).includes(name)) holders.push(sibling);
    const first = holders[0];
    if (first === undefined) return this.own(name);
    const mine = await this.holds(name);
    if (holders.length === 1 && !mine) return this.inSibling(first, name);
    const ids = [...(mine ? [this.source] : []), ...holders.map((s) => s.id)].map((s) => namespaceId(s, name));
    throw ambiguousNamespace(name, ids);
  }

  private own(name: string): NamespaceTarget {
    return { workspace: this, name, id: namespaceId(this.source, name) };
  }

  /** Whether this workspace's own layout (or its remote) holds the name. */
  private async holds(name: string): Promise<boolean> {
    if ((await this.layout.namespaceNames()).names.includes(name)) return true;
    return (await this.remote.namespaces?.())?.includes(name) ?? false;
  }

  private async inSibling(sibling: BucketSibling, name: string): Promise<NamespaceTarget> {
    let opening = this.others.get(sibling.id);
    if (!opening) {
      const { path, options } = this.openedAs;
      const { remote } = options;
      if (remote.kind === 'none') throw new SegscopeError('INVALID_ARGUMENT', 'a bucket layout needs a remote');
      const pinned = { ...remote, layout: sibling.layout, clusterId: sibling.cluster ?? remote.clusterId };
      // Bottomless is read from the bucket alone: its objects are not kept in the other layout's folder.
      const at = sibling.layout === 'bottomless' ? null : path;
      opening = Workspace.open(at, { ...options, remote: pinned }, sibling.id);
      // A layout that could not be opened is tried afresh by the next call, not kept failing.
      opening.catch(() => this.others.delete(sibling.id));
      this.others.set(sibling.id, opening);
    }
    return { workspace: await opening, name, id: namespaceId(sibling.id, name) };
  }

  async close(): Promise<void> {
    const others = [...this.others.values()].map((w) => w.then((o) => o.close()).catch(() => undefined));
    this.others.clear();
    await Promise.all([this.remote.close(), this.layout.close?.(), ...others]);
  }

  /** Local namespaces, and the remote bucket's beside them (listing-with-remote.ts). */
  async namespaces(): Promise<NamespacesResult> {
    const local = await listNamespaces(this.layout, this.source);
    const { remote, source, bucketSide: side } = this;
    return namespacesWithRemote(local, { remote, source, side, list: (name) => this.list(name) });
  }

  /**
   * The namespace's segments; with a remote, local and remote side by side with their location.
   * `first` gets the first rows early from a local listing only: a remote's segments take their
   * places among them, which only the whole listing tells.
   */
  async list(namespace: string, first?: FirstRowsWatch): Promise<ListResult<ListedSegments>> {
    const listed = await listNamespace(this.layout, namespace, this.remote.kind === 'none' ? first : undefined);
    const local = { ...listed, namespaceId: namespaceId(this.source, namespace) };
    this.segments.forget(namespace);
    if (this.remote.kind === 'none') return local;
    await this.remote.check();
    return segmentsWithRemote(local, await this.remote.list(namespace), this.bucketSide.problems);
  }

  async meta(namespace: string): Promise<MetaResult> {
    return this.segments.meta(namespace);
  }

  /** The seed's `fetch_segment` over any layout: local first (then the remote), hard-linked. */
  async fetch(
    namespace: string,
    frameNo: bigint,
    dest: FetchDest,
    options: { replace?: boolean; onProgress?: ProgressListener; generation?: string | undefined } = {},
  ): Promise<FetchResult> {
    const { replace = false, onProgress, generation } = options;
    const opts = {
      replace,
      ...(onProgress ? { onProgress } : {}),
      ...(generation !== undefined ? { generation } : {}),
    };
    return this.segments.fetch(namespace, frameNo, dest, opts);
  }

  /** The remote segment holding the frame, copied into the segments folder (the seed's cache). */
  async cache(namespace: string, frameNo: bigint, onProgress?: ProgressListener): Promise<void> {
    await this.cachingStore().locate(namespace, frameNo, onProgress);
  }

  /** The remote's segment its listing gives under `key`, copied into the segments folder (verify reads each). */
  async cacheKey(namespace: string, key: string, onProgress?: ProgressListener): Promise<void> {
    await this.cachingStore().cacheKey(namespace, key, onProgress);
  }

  /** The remote's object under `key`, read into a temporary file for `use` alone (verify checks the remote's). */
  readonly withRemoteCopy: WithRemoteCopy = (namespace, key, use, onProgress) =>
    this.cachingStore().withRemoteCopy(namespace, key, use, onProgress);

  /** The store that caches a remote's segments: the seed layout's, where the workspace has a remote. */
  private cachingStore(): CachingStore {
    const store = this.segments;
    if (this.remote.kind === 'none' || !caches(store))
      throw new SegscopeError(
        'INVALID_ARGUMENT',
        "segments are fetched from a remote into the seed layout's folder; this workspace has neither",
      );
    return store;
  }

  async store(
    namespace: string,
    input: StoreInput,
    options: { replace?: boolean; onProgress?: ProgressListener } = {},
  ): Promise<StoreOutcome> {
    return this.segments.store(namespace, input, options);
  }

  /** `onFetched`: told of each remote segment a read of the source copies into this disk's cache. */
  async restoreSource(namespace: string, onFetched?: () => void): Promise<RestoreSource> {
    // Loaded here: listing commands have no use for restoring's modules.
    const { sourceFromStore } = await import('../restore/restore-source.js');
    return sourceFromStore(this.layout, this.segments, namespace, onFetched);
  }

  /**
   * Where a file of the namespace a caller names lies, reached through no symbolic link below the
   * folder that was opened: a name like `snapshots/x.snap` must not read through a linked folder
   * what the listing, which follows no link, never showed.
   */
  filePath(namespace: string, file: string): string {
    const path = this.layout.filePath(namespace, file);
    if (this.openedAs.path !== null) refuseLinks(resolve(this.openedAs.path), resolve(path));
    return path;
  }

  /** A bottomless object only S3 holds, read by key through its bucket; null for a file on this machine. */
  bucketObject(namespace: string, file: string): { store: ObjectStore; key: string } | null {
    const access = this.layout.generations;
    if (!access || access.local) return null;
    // Refuses what is no key of the bucket before anything is asked of it.
    this.layout.filePath(namespace, file);
    return { store: access.bucket.store, key: file };
  }
}

type CachingStore = SegmentStore & Required<Pick<SegmentStore, 'cacheKey' | 'withRemoteCopy'>>;

function caches(store: SegmentStore): store is CachingStore {
  return store.cacheKey !== undefined && store.withRemoteCopy !== undefined;
}
