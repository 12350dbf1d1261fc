import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SegscopeError } from '../errors.js';
import { MAX_INDEX_OBJECT } from '../format/index-object.js';
import { formatLibsqlWalKey } from '../format/libsql-wal-key.js';
import { formatSegmentKey, parseSegmentKey } from '../format/segment-key.js';
import { type LibsqlWalBucket, type BucketSegment, seedKeyOf } from './libsql-wal-bucket.js';
import type { ProgressListener } from '../progress.js';
import { filesEqual } from '../storage/files-equal.js';
import { REMOTE_BUDGET, bodyDeadlineMs } from '../storage/remote-budget.js';
import { boundedBody } from '../storage/bounded-body.js';
import { type BucketFormat, bucketObjects } from './libsql-wal-objects.js';
import type { RemoteIndexObject, RemoteListing, RemoteObject, RemoteSegment, RemoteStorage } from './remote.js';

/**
 * A libsql-wal bucket as the seed's fs backend's remote: segments listed and fetched under the
 * seed's key form (start, end, creation second), stored in the bucket's own layout and format.
 */
export class LibsqlWalRemote implements RemoteStorage {
  readonly kind = 'libsql-wal';
  readonly layout = 'libsql-wal';
  readonly description: string;
  readonly owner: string;
  private clusterRead: Promise<void> | undefined;

  constructor(private readonly bucket: LibsqlWalBucket) {
    this.description = `${bucket.store.description}, libsql-wal layout`;
    this.owner = `${this.description}, cluster ${bucket.clusterId}`;
  }

  private static asRemote(s: BucketSegment): RemoteSegment {
    return {
      key: seedKeyOf(s),
      startFrameNo: s.startFrameNo,
      endFrameNo: s.endFrameNo,
      createdAt: s.timestampMs / 1000n,
      size: s.size,
    };
  }

  async check(): Promise<void> {
    await this.bucket.store.check();
  }

  /**
   * Refuses a cluster the bucket does not hold where it holds others: its namespaces would read as
   * empty, a verify pass on nothing. A bucket of no cluster at all is empty in truth (and a store
   * may fill it). Asked once: one delimiter LIST of `v2/clusters/`.
   */
  private readable(): Promise<void> {
    this.clusterRead ??= this.bucket.clusters().then((clusters) => {
      if (clusters.length === 0 || clusters.includes(this.bucket.clusterId)) return;
      throw new SegscopeError(
        'REMOTE_NOT_FOUND',
        `${this.bucket.store.description} holds no libsql-wal cluster "${this.bucket.clusterId}"; it holds ` +
          `${clusters.map((c) => `"${c}"`).join(', ')}: name one with --cluster-id`,
      );
    });
    return this.clusterRead;
  }

  async namespaces(): Promise<string[]> {
    await this.readable();
    return this.bucket.namespaces();
  }

  async maxFrameNo(namespace: string): Promise<bigint | null> {
    await this.readable();
    return this.bucket.maxFrameNo(namespace);
  }

  async list(namespace: string): Promise<RemoteListing> {
    await this.readable();
    const { segments, unrecognized } = await this.bucket.segments(namespace);
    const listed = [...segments].reverse().map((s) => LibsqlWalRemote.asRemote(s));
    return { segments: listed, unrecognized, objectFormats: ['compacted-alpha1', 'compacted-v1'] };
  }

  /**
   * The segment holding the frame: the one with the smallest end at or after it that starts at or
   * before it. A listing already read answers a frame it reaches without asking the bucket again
   * (a verify fetching every segment lists the namespace once): a segment that arrived since ends
   * later, so the one ending nearest the frame is still the answer, and the freshness check
   * (`segments`) could not see any other. A segment gone since is looked up again in a fresh listing.
   */
  async fetch(namespace: string, frameNo: bigint): Promise<RemoteObject | null> {
    await this.readable();
    const held = this.bucket.held(namespace);
    const fromHeld = held ? holding(held.segments, frameNo) : null;
    const found = fromHeld ?? holding((await this.bucket.segments(namespace)).segments, frameNo);
    if (!found) return null;
    const object = await this.read(namespace, found);
    if (object) return object;
    if (fromHeld) return this.fetch(namespace, frameNo);
    throw new SegscopeError(
      'REMOTE_NOT_FOUND',
      `${found.key} vanished from ${this.description} between listing and reading`,
    );
  }

  /**
   * The segment listed under `key`, the seed's form `list` gives it, looked up in the listing held
   * (the one a verify just read) or a fresh one; null where the bucket no longer holds it.
   */
  async fetchKey(namespace: string, key: string): Promise<RemoteObject | null> {
    await this.readable();
    // Parsed and written again: any spelling of the same range and second finds it.
    const seedKey = formatSegmentKey(parseSegmentKey(key));
    const found =
      this.bucket.held(namespace)?.bySeedKey.get(seedKey) ??
      (await this.bucket.segments(namespace)).bySeedKey.get(seedKey);
    return found ? this.read(namespace, found) : null;
  }

  /** A listed segment's object; null, and the listing forgotten, where it is gone since. */
  private async read(namespace: string, found: BucketSegment): Promise<RemoteObject | null> {
    const object = await this.bucket.store.get(this.bucket.segmentKey(namespace, found.key));
    if (!object) {
      this.bucket.forget(namespace);
      return null;
    }
    return { segment: LibsqlWalRemote.asRemote(found), body: object.body, contentLength: object.contentLength };
  }

  async indexObjects(namespace: string): Promise<RemoteIndexObject[]> {
    await this.readable();
    // The listing a verify just read (its fetches did); listed again only where an index object
    // names a segment it lacks, which may have arrived since (a segment is written before its index).
    let { segments } = this.bucket.held(namespace) ?? (await this.bucket.segments(namespace));
    const indexes = await this.bucket.indexes(namespace);
    let segmentKeys = new Set(segments.map((s) => s.key));
    if (indexes.some((i) => !segmentKeys.has(i.key))) {
      this.bucket.forget(namespace);
      segments = (await this.bucket.segments(namespace)).segments;
      segmentKeys = new Set(segments.map((s) => s.key));
    }
    const sizes = new Map(indexes.map((i) => [i.key, i.size]));
    const objects = [...segments, ...indexes.filter((i) => !segmentKeys.has(i.key))];
    return objects.map((s) => ({
      name: `indexes/${s.key}`,
      segment: segmentKeys.has(s.key) ? LibsqlWalRemote.asRemote(s).key : null,
      read: () => this.readIndex(namespace, s.key, sizes.get(s.key)),
    }));
  }

  /** An index object whole, within the size it was listed at and the bound on any index. */
  private async readIndex(namespace: string, key: string, size: bigint | null | undefined): Promise<Uint8Array | null> {
    if (size === undefined) return null;
    const object = await this.bucket.store.get(this.bucket.indexKey(namespace, key));
    if (!object) return null;
    const limits = {
      listedBytes: size,
      maxBytes: BigInt(MAX_INDEX_OBJECT),
      idleMs: REMOTE_BUDGET.bodyIdleMs,
      deadlineMs: bodyDeadlineMs(size ?? 0n),
      what: `indexes/${key} from ${this.description}`,
    };
    const chunks: Uint8Array[] = [];
    for await (const chunk of boundedBody(object.body, limits)) chunks.push(chunk);
    return Buffer.concat(chunks);
  }

  /** The namespace's format: what it already holds (read from its newest segment), v1 when empty. */
  private async formatOf(namespace: string): Promise<BucketFormat> {
    const { segments } = await this.bucket.segments(namespace);
    const newest = segments[0];
    if (!newest) return 'compacted-v1';
    const object = await this.bucket.store.get(this.bucket.segmentKey(namespace, newest.key));
    if (!object) return 'compacted-v1';
    const head: Uint8Array[] = [];
    let got = 0;
    for await (const chunk of object.body) {
      head.push(chunk as Uint8Array);
      got += (chunk as Uint8Array).length;
      if (got >= 64) break;
    }
    object.body.destroy();
    const bytes = Buffer.concat(head);
    // alpha.1 has its page size at 50 and its frame count at 10 (docs/formats/libsql-wal.md); v1 at 46.
    const alpha1 =
      bytes.length >= 64 &&
      bytes.readUInt16LE(50) === 4096 &&
      newest.size === 64n + 4112n * BigInt(bytes.readUInt32LE(10));
    return alpha1 ? 'compacted-alpha1' : 'compacted-v1';
  }

  /**
   * Stores what libsql-wal reads: the segment compacted into the namespace's format, then its
   * index object. The same bytes again are a no-op; different bytes under an existing key are
   * SEGMENT_EXISTS.
   */
  async upload(filePath: string, namespace: string, key: string, onProgress?: ProgressListener): Promise<void> {
    const createdMs = parseSegmentKey(key).createdAt * 1000n;
    const objects = await bucketObjects(filePath, await this.formatOf(namespace), createdMs);
    const name = formatLibsqlWalKey(objects);
    const dir = await mkdtemp(join(tmpdir(), 'segscope-bucket-'));
    try {
      const segmentFile = join(dir, 'segment');
      const indexFile = join(dir, 'index');
      await writeFile(segmentFile, objects.segment);
      await writeFile(indexFile, objects.index);
      const segmentKey = this.bucket.segmentKey(namespace, name);
      const existing = await this.bucket.store.head(segmentKey);
      if (existing) {
        if (
          existing.size !== BigInt(objects.segment.length) ||
          !(await this.sameBytes(segmentKey, existing.size, join(dir, 'existing'), segmentFile))
        ) {
          throw new SegscopeError(
            'SEGMENT_EXISTS',
            `${this.description} already holds a different segment under ${name}; nothing was uploaded`,
          );
        }
      } else {
        await this.bucket.store.put(segmentKey, segmentFile);
      }
      // The index goes second: libsql-wal finds segments through their index objects.
      await this.bucket.store.put(this.bucket.indexKey(namespace, name), indexFile);
      onProgress?.({
        id: `upload:${key}`,
        phase: 'upload',
        done: objects.segment.length,
        total: objects.segment.length,
      });
      this.bucket.forget(namespace);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  /** Reads the stored object (bounded by its listed size) and compares it with ours. */
  private async sameBytes(key: string, size: bigint, copy: string, ours: string): Promise<boolean> {
    const object = await this.bucket.store.get(key);
    if (!object) return false;
    const limits = {
      listedBytes: size,
      maxBytes: size,
      idleMs: REMOTE_BUDGET.bodyIdleMs,
      deadlineMs: bodyDeadlineMs(size),
      what: `${key} from ${this.description}`,
    };
    await writeFile(copy, boundedBody(object.body, limits));
    return filesEqual(copy, ours);
  }

  async close(): Promise<void> {
    await this.bucket.store.close();
  }
}

/** Of segments listed newest end first, the one ending nearest the frame that still reaches it. */
function holding(segments: readonly BucketSegment[], frameNo: bigint): BucketSegment | null {
  let found: BucketSegment | null = null;
  for (const s of segments) {
    if (s.endFrameNo < frameNo) break;
    if (s.startFrameNo <= frameNo) found = s;
  }
  return found;
}
