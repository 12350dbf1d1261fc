import { basename, join } from 'node:path';
import type { FetchResult, ListedSegment, MetaResult } from '../model/results.js';
import { mayChangeInPlace } from '../model/file-format.js';
import { SegscopeError } from '../errors.js';
import { listNamespace, misnamedPieces, usableSegments } from '../inspect/list-namespace.js';
import { misnamedPiece } from '../inspect/log-chain.js';
import { snapshotHoldsFrame } from '../inspect/snapshot-holds.js';
import type { GenerationsAccess, Layout } from '../layouts/layout.js';
import type { RemoteStorage } from '../layouts/remote.js';
import { SegmentIndex } from '../layouts/segment-index.js';
import type { ProgressListener } from '../progress.js';
import { checkDestination, copyOut, linkOrCopy } from '../backend/deliver.js';
import { type FetchOptions, FsBackend, type StoreOutcome, type WithRemoteCopy } from '../backend/fs-backend.js';
import type { StoreInput } from '../backend/segment-intake.js';

/** Where a fetched segment goes: a file path, or a folder where it keeps its own name. */
export type FetchDest = { path: string } | { dir: string };

export interface StoreFetchOptions extends FetchOptions {
  /** A bottomless backup's generation (its frames restart in each); no other layout takes one. */
  generation?: string;
}

/**
 * Store and fetch by frame number: what a layout offers through the workspace. A layout Segscope
 * may write (`Layout.writable`, the seed's) offers libsql-wal's fs backend with its remote; a
 * bottomless backup (`Layout.generations`) its batch objects; every other layout fetches from its
 * own listing. The layouts that cannot be written refuse it from one place (ListingStore.store).
 */
export interface SegmentStore {
  readonly remote: RemoteStorage;
  /** What a listing re-read makes stale: the store's own index of the namespace. */
  forget(namespace: string): void;
  meta(namespace: string): Promise<MetaResult>;
  /** The segment holding the frame, linked to `dest` (copied if its owner still writes it or across filesystems). */
  fetch(namespace: string, frameNo: bigint, dest: FetchDest, options: StoreFetchOptions): Promise<FetchResult>;
  /** The segment holding the frame where it lies (the remote's first cached locally). */
  locate(namespace: string, frameNo: bigint, onProgress?: ProgressListener): Promise<Omit<FetchResult, 'path'>>;
  /** The remote's segment listed under `key`, cached where it is not: the store with a remote has it. */
  cacheKey?(namespace: string, key: string, onProgress?: ProgressListener): Promise<void>;
  /** The remote's object under `key`, read into a temporary file `use` reads (FsBackend.withRemoteCopy). */
  withRemoteCopy?: WithRemoteCopy;
  store(namespace: string, input: StoreInput, options: FetchOptions): Promise<StoreOutcome>;
}

/**
 * The store the layout offers. Only a layout that may be written takes a remote: the others'
 * segments are theirs alone. `cacheDir`: where objects fetched from a bucket read as the layout
 * are kept (hard-linked from); null: not kept.
 */
export function openSegmentStore(layout: Layout, remote: RemoteStorage, cacheDir: string | null): SegmentStore {
  if (layout.writable) return backendStore(layout, new FsBackend({ prefix: layout.root, remote }));
  if (remote.kind !== 'none') {
    throw new SegscopeError(
      'INVALID_ARGUMENT',
      `a remote can be used with the seed's layout only for now; ${layout.root} is a ${layout.name} layout`,
    );
  }
  return layout.generations
    ? new GenerationsStore(layout, remote, layout.generations, cacheDir)
    : new ListingStore(layout, remote);
}

function refuseGeneration(layout: Layout, options: StoreFetchOptions): void {
  if (options.generation !== undefined)
    throw new SegscopeError(
      'INVALID_ARGUMENT',
      `--generation is for a bottomless backup, whose frames restart in every generation; ${layout.root} is ` +
        `a ${layout.name} layout`,
    );
}

function backendStore(layout: Layout, backend: FsBackend): SegmentStore {
  return {
    remote: backend.remote,
    forget: (namespace) => backend.forget(namespace),
    meta: (namespace) => backend.meta(namespace),
    fetch: async (namespace, frameNo, dest, { generation, ...options }) => {
      refuseGeneration(layout, { generation });
      return 'path' in dest
        ? backend.fetchSegment(namespace, frameNo, dest.path, options)
        : backend.fetchSegmentInto(namespace, frameNo, dest.dir, options);
    },
    locate: (namespace, frameNo, onProgress) => backend.locate(namespace, frameNo, onProgress),
    cacheKey: (namespace, key, onProgress) => backend.cacheKey(namespace, key, onProgress),
    withRemoteCopy: backend.withRemoteCopy,
    store: (namespace, input, options) => backend.store(namespace, input, options),
  };
}

/**
 * A layout Segscope only reads: segments come from its listing, and nothing is stored into it. A
 * fetched segment its owner never changes again is hard-linked, as the seed's are; one it goes on
 * writing in place (a wallog, a WAL file, a current segment) is copied, since a link would be that
 * file itself, growing or rewritten by the server, and writing to it would write into its directory.
 */
class ListingStore implements SegmentStore {
  constructor(
    protected readonly layout: Layout,
    readonly remote: RemoteStorage,
  ) {}

  forget(): void {}

  async meta(namespace: string): Promise<MetaResult> {
    return { maxFrameNo: (await listNamespace(this.layout, namespace)).maxFrameNo };
  }

  async locate(namespace: string, frameNo: bigint): Promise<Omit<FetchResult, 'path'>> {
    const found = await this.holding(namespace, frameNo);
    return { source: 'local', key: found.file, cachedPath: found.path };
  }

  private async holding(namespace: string, frameNo: bigint): Promise<ListedSegment> {
    const listing = await this.layout.list(namespace);
    const usable = usableSegments(listing);
    const found = new SegmentIndex(usable.map((s) => ({ ...s, name: s.file }))).find(frameNo);
    // Only a misnamed piece's name claims the frame: its header, written with its frames, says otherwise.
    const misnamed = found
      ? undefined
      : misnamedPieces(listing).find((s) => s.startFrameNo <= frameNo && frameNo <= s.endFrameNo);
    if (misnamed) {
      const { message } = misnamedPiece(misnamed, usable).piece;
      throw new SegscopeError('HEADER_MISMATCH', `${message}; nothing was fetched`);
    }
    const checkpointed = listing.database?.replicationIndex ?? null;
    if (!found && checkpointed !== null && frameNo <= checkpointed)
      throw new SegscopeError(
        'FRAME_NOT_FOUND',
        `frame ${frameNo} of namespace "${namespace}" is checkpointed into the database file ` +
          `${listing.database?.path ?? ''} (frames up to ${checkpointed}), so no segment holds it; restore ` +
          `--until-frame ${checkpointed} rebuilds the database as of that file`,
      );
    if (!found) {
      // A piece of the log under a name its writer never gives holds it by its header alone: named, with its true name.
      const unnamed = listing.unrecognized.find(
        ({ holds }) => holds && holds.fromFrameNo <= frameNo && frameNo <= holds.toFrameNo,
      );
      throw new SegscopeError(
        'FRAME_NOT_FOUND',
        `no segment of namespace "${namespace}" in ${this.layout.root} holds frame ${frameNo}` +
          (unnamed ? `: ${unnamed.message}` : ''),
      );
    }
    return found;
  }

  async fetch(namespace: string, frameNo: bigint, dest: FetchDest, options: StoreFetchOptions): Promise<FetchResult> {
    refuseGeneration(this.layout, options);
    const replace = options.replace ?? false;
    const found = await this.holding(namespace, frameNo);
    const path = 'path' in dest ? dest.path : join(dest.dir, basename(found.file));
    await checkDestination(path, replace);
    const deliver = mayChangeInPlace(found) ? copyOut : linkOrCopy;
    await deliver(found.path, path, replace);
    const superseded =
      found.format === 'sqld-snapshot' && snapshotHoldsFrame(found.path, found.size, frameNo) === false;
    return {
      source: 'local',
      key: found.file,
      cachedPath: found.path,
      path,
      ...(superseded ? { superseded: true as const } : {}),
    };
  }

  store(): Promise<StoreOutcome> {
    const { root, name } = this.layout;
    const owner = name === 'sqld' ? 'a running sqld' : 'the tool that wrote it';
    return Promise.reject(
      new SegscopeError(
        'READ_ONLY_LAYOUT',
        `${root} is a ${name} layout, which belongs to ${owner}: Segscope never writes into it`,
      ),
    );
  }
}

/** A bottomless backup: a frame is fetched as the batch object holding it, of a generation. */
class GenerationsStore extends ListingStore {
  constructor(
    layout: Layout,
    remote: RemoteStorage,
    private readonly access: GenerationsAccess,
    private readonly cacheDir: string | null,
  ) {
    super(layout, remote);
  }

  override async fetch(
    namespace: string,
    frameNo: bigint,
    dest: FetchDest,
    options: StoreFetchOptions,
  ): Promise<FetchResult> {
    // Loaded here: only a fetch from a bottomless backup needs it.
    const { fetchBatch } = await import('../backend/bottomless-fetch.js');
    const { generation } = options;
    const request = {
      namespace,
      frameNo,
      generation,
      dest,
      replace: options.replace ?? false,
      cacheDir: this.cacheDir,
    };
    return fetchBatch(this.layout, this.access, request);
  }
}
