import type { RemoteListing } from './remote.js';
import { remoteSegmentsPrefix, seedClusterPrefix, seedFolder } from './seed-bucket-prefix.js';
import { SegscopeError } from '../errors.js';
import type { ObjectStore } from '../storage/object-store.js';
import { listFolders } from '../storage/list-pages.js';
import { SeedBucketListing } from './seed-bucket-listing.js';

/** The reference lists 10 keys a request; S3 allows 1,000, a hundredth of the round trips. */
const PAGE = 1000;
/** 20 million keys: far more than a namespace holds; a listing that long is a broken server. */
const MAX_LIST_PAGES = 20_000;

/**
 * The seed's bucket layout, "seed-bucket" (docs/formats/libsql-wal.md): `ns-{cluster_id}:{namespace}-v2/segments/{key}`
 * with the seed's keys. Keys are zero-padded, so a LIST returns them by start frame: each
 * namespace's listing is kept and only keys after the last one seen are asked for, so a warm
 * lookup is one small LIST however large the bucket. Speaks only the ObjectStore interface.
 */
export class SeedBucket {
  private readonly listings = new Map<string, SeedBucketListing>();

  constructor(
    readonly store: ObjectStore,
    readonly clusterId: string,
    private readonly maxListPages = MAX_LIST_PAGES,
  ) {}

  prefix(namespace: string): string {
    return remoteSegmentsPrefix(this.clusterId, namespace);
  }

  /**
   * The cluster's namespaces: its `ns-{cluster}:{namespace}-v2/` folders, by delimiter LISTs; a
   * folder whose name no namespace can have is left out (the bucket's top level names it).
   */
  async namespaces(): Promise<string[]> {
    const folders = await listFolders(this.store, seedClusterPrefix(this.clusterId));
    return folders.flatMap((folder) => seedFolder(folder)?.namespace ?? []);
  }

  listing(namespace: string): SeedBucketListing {
    let listing = this.listings.get(namespace);
    if (!listing) {
      listing = new SeedBucketListing();
      this.listings.set(namespace, listing);
    }
    return listing;
  }

  replace(namespace: string, listing: SeedBucketListing): void {
    this.listings.set(namespace, listing);
  }

  /**
   * Reads keys after the last one seen, a page of 1,000 at a time, until the end of the prefix
   * or, with `stopPast`, as soon as a page reaches keys that start after that frame.
   */
  async refresh(namespace: string, stopPast?: bigint): Promise<SeedBucketListing> {
    const listing = this.listing(namespace);
    const prefix = this.prefix(namespace);
    for (let pages = 1; ; pages++) {
      if (pages > this.maxListPages) {
        throw new SegscopeError(
          'REMOTE_UNAVAILABLE',
          `${this.store.description} kept listing past ${this.maxListPages} pages of keys; gave up`,
        );
      }
      const resumedAfter = listing.lastKey;
      const page = await this.store.list(`${prefix}/`, {
        limit: PAGE,
        ...(resumedAfter !== undefined ? { startAfter: resumedAfter } : {}),
      });
      let past = false;
      for (const object of page.objects) {
        const start = listing.add(prefix, object.key, object.size);
        if (stopPast !== undefined && start !== null && start > stopPast) past = true;
      }
      listing.reachedEnd = !page.truncated;
      if (listing.reachedEnd || past) return listing;
      // A truncated page must move the listing on; one that does not would be asked for forever.
      if (listing.lastKey === resumedAfter || (resumedAfter !== undefined && (listing.lastKey ?? '') <= resumedAfter)) {
        throw new SegscopeError(
          'REMOTE_UNAVAILABLE',
          `${this.store.description} answered a listing page that does not advance ` +
            `past ${resumedAfter ?? 'the start'}; gave up`,
        );
      }
    }
  }

  async list(namespace: string): Promise<RemoteListing> {
    const listing = await this.refresh(namespace);
    return {
      segments: listing.index
        .all()
        .map(({ name, ...key }) => ({ key: name, ...key, size: listing.sizes.get(name) ?? null })),
      unrecognized: listing.unrecognizedSummary(),
    };
  }
}
