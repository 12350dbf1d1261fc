import { stat } from 'node:fs/promises';
import { SegscopeError } from '../errors.js';
import { type SegmentKey, parseSegmentKey } from '../format/segment-key.js';
import { SeedBucket } from './seed-bucket.js';
import type { ProgressListener } from '../progress.js';
import type { ObjectStore, StoredObject } from '../storage/object-store.js';
import type { RemoteListing, RemoteObject, RemoteStorage } from './remote.js';

/**
 * The seed's bucket layout (on S3 or a folder laid out like the bucket) as the fs backend's
 * remote: upload under the seed's key, fetch the segment holding a frame, list a namespace or the namespaces.
 */
export class SeedBucketRemote implements RemoteStorage {
  readonly layout = 'seed-bucket';
  readonly description: string;
  readonly owner: string;
  private readonly bucket: SeedBucket;

  constructor(
    readonly kind: 'directory' | 's3',
    readonly store: ObjectStore,
    clusterId: string,
    options: { maxListPages?: number } = {},
  ) {
    this.bucket = new SeedBucket(store, clusterId, options.maxListPages);
    this.description = store.description.includes('cluster')
      ? store.description
      : `${store.description} (cluster ${clusterId})`;
    this.owner = `${store.description}, seed-bucket layout, cluster ${clusterId}`;
  }

  /** Requests made, by kind: tests and benchmarks count them. */
  get requests(): Map<string, number> {
    return this.store.requests;
  }

  check(): Promise<void> {
    return this.store.check();
  }

  async upload(filePath: string, namespace: string, key: string, onProgress?: ProgressListener): Promise<void> {
    const total = (await stat(filePath)).size;
    await this.store.put(`${this.bucket.prefix(namespace)}/${key}`, filePath, (done) =>
      onProgress?.({ id: `upload:${key}`, phase: 'upload', done, total }),
    );
    // The cached listing may already be past this key in byte order (a compaction of old frames),
    // where resuming after the last key would never see it: record it directly.
    this.bucket.listing(namespace).learn(key, BigInt(total));
  }

  namespaces(): Promise<string[]> {
    return this.bucket.namespaces();
  }

  list(namespace: string): Promise<RemoteListing> {
    return this.bucket.list(namespace);
  }

  fetch(namespace: string, frameNo: bigint): Promise<RemoteObject | null> {
    return this.fetchOnce(namespace, frameNo, true);
  }

  private async fetchOnce(namespace: string, frameNo: bigint, retryIfVanished: boolean): Promise<RemoteObject | null> {
    const listing = await this.bucket.refresh(namespace, frameNo);
    const found = listing.index.find(frameNo);
    if (!found) return null;
    const { name, ...key } = found;
    const object = await this.store.get(`${this.bucket.prefix(namespace)}/${name}`);
    if (!object) {
      // Deleted between LIST and GET (a compaction replaced it): forget it and look again once.
      this.bucket.replace(namespace, listing.forget(name));
      if (retryIfVanished) return this.fetchOnce(namespace, frameNo, false);
      throw new SegscopeError(
        'REMOTE_NOT_FOUND',
        `${name} vanished from ${this.description} between listing and reading`,
      );
    }
    return this.answer(namespace, name, key, object);
  }

  async fetchKey(namespace: string, name: string): Promise<RemoteObject | null> {
    // Parsed first: nothing but a segment key is asked of the bucket.
    const key = parseSegmentKey(name);
    // A key the listing has not reached yet (a namespace never listed) is listed first: its size
    // bounds the download, which otherwise only the largest segment accepted would.
    if (!this.bucket.listing(namespace).sizes.has(name)) await this.bucket.refresh(namespace);
    const object = await this.store.get(`${this.bucket.prefix(namespace)}/${name}`);
    return object && this.answer(namespace, name, key, object);
  }

  /** The object under `name`, at the size the namespace's listing gives it. */
  private answer(namespace: string, name: string, key: SegmentKey, object: StoredObject): RemoteObject {
    const size = this.bucket.listing(namespace).sizes.get(name) ?? null;
    return {
      segment: { key: name, ...key, size },
      body: object.body,
      contentLength: object.contentLength,
    };
  }

  async close(): Promise<void> {
    await this.store.close();
  }
}
