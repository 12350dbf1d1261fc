import type { UnrecognizedFile } from '../model/results.js';
import { SegscopeError } from '../errors.js';
import { type LibsqlWalKey, endAtOrBeforeMarker, tryParseLibsqlWalKey } from '../format/libsql-wal-key.js';
import { formatSegmentKey } from '../format/segment-key.js';
import type { ObjectStore } from '../storage/object-store.js';
import { listFolders } from '../storage/list-pages.js';

/** A segment as the bucket lists it: its key, what the key says, and its size. */
export interface BucketSegment extends LibsqlWalKey {
  key: string;
  /** Bytes, where the LIST that found it says (libsql-wal's lookup lists the index, not the segment). */
  size: bigint | null;
}

/** 20 million keys: far more than a namespace holds; a listing that long is a broken server. */
const MAX_PAGES = 20_000;
const KEPT_UNRECOGNIZED = 20;

interface NamespaceCache {
  /** Newest end first, as the bucket lists them. */
  segments: BucketSegment[];
  unrecognized: UnrecognizedFile[];
  skipped: number;
}

/** A namespace's segments as listed, and the same by the seed's key (`seedKeyOf`), made once a listing. */
export interface HeldSegments {
  segments: BucketSegment[];
  bySeedKey: Map<string, BucketSegment>;
}

/** A segment's key in the seed's form (start, end, creation second): how the seed's remote names it. */
export function seedKeyOf(s: LibsqlWalKey): string {
  return formatSegmentKey({ startFrameNo: s.startFrameNo, endFrameNo: s.endFrameNo, createdAt: s.timestampMs / 1000n });
}

/** Where two segments have one seed key (created in the same second), the first listed answers it. */
function bySeedKey(segments: readonly BucketSegment[]): Map<string, BucketSegment> {
  const keyed = new Map<string, BucketSegment>();
  for (const s of segments) {
    const key = seedKeyOf(s);
    if (!keyed.has(key)) keyed.set(key, s);
  }
  return keyed;
}

/**
 * The bucket as libsql-wal writes it (docs/formats/libsql-wal.md):
 * `v2/clusters/{cluster}/namespaces/{ns}/segments/{key}` beside `…/indexes/{key}`, the key
 * starting with u64::MAX - end_frame_no so that keys sort newest end first. Speaks only the
 * ObjectStore interface, so it runs on S3 and on a folder laid out like the bucket alike.
 */
export class LibsqlWalBucket {
  private readonly listings = new Map<string, NamespaceCache & HeldSegments>();

  constructor(
    readonly store: ObjectStore,
    readonly clusterId: string,
  ) {}

  private namespacePrefix(namespace: string): string {
    return `v2/clusters/${this.clusterId}/namespaces/${namespace}/`;
  }

  segmentKey(namespace: string, key: string): string {
    return `${this.namespacePrefix(namespace)}segments/${key}`;
  }

  indexKey(namespace: string, key: string): string {
    return `${this.namespacePrefix(namespace)}indexes/${key}`;
  }

  /** The namespaces under the cluster, by delimiter LISTs. */
  namespaces(): Promise<string[]> {
    return this.folders(`v2/clusters/${this.clusterId}/namespaces/`);
  }

  /** The clusters the bucket holds (the cluster id is libsql-wal's LIBSQL_BOTTOMLESS_DATABASE_ID). */
  clusters(): Promise<string[]> {
    return this.folders('v2/clusters/');
  }

  /** The names of the "folders" one level under a prefix. */
  private async folders(prefix: string): Promise<string[]> {
    return (await listFolders(this.store, prefix)).map((p) => p.slice(prefix.length, -1));
  }

  /** Every key of the namespace's `segments/` or `indexes/`, by paginated LIST (1,000 a page), newest end first. */
  private async readAll(namespace: string, folder: 'segments' | 'indexes' = 'segments'): Promise<NamespaceCache> {
    const prefix = `${this.namespacePrefix(namespace)}${folder}/`;
    const cache: NamespaceCache = { segments: [], unrecognized: [], skipped: 0 };
    let after: string | undefined;
    for (let pages = 0; ; pages++) {
      if (pages >= MAX_PAGES)
        throw new SegscopeError(
          'REMOTE_UNAVAILABLE',
          `${this.store.description} kept listing past ${MAX_PAGES} pages of keys; gave up`,
        );
      const page = await this.store.list(prefix, after !== undefined ? { startAfter: after } : {});
      for (const object of page.objects) this.take(cache, prefix, object.key, object.size);
      const last = page.objects.at(-1)?.key;
      if (!page.truncated) return cache;
      // A truncated page must move the listing on; one that does not would be asked for forever.
      if (last === undefined || (after !== undefined && last <= after)) {
        throw new SegscopeError(
          'REMOTE_UNAVAILABLE',
          `${this.store.description} answered a listing page that does not advance; gave up`,
        );
      }
      after = last;
    }
  }

  private take(cache: NamespaceCache, prefix: string, objectKey: string, size: bigint): void {
    const name = objectKey.slice(prefix.length);
    const key = name.includes('/') ? null : tryParseLibsqlWalKey(name);
    if (key) {
      cache.segments.push({ key: name, size, ...key });
      return;
    }
    cache.skipped++;
    if (cache.unrecognized.length < KEPT_UNRECOGNIZED) {
      cache.unrecognized.push({
        file: name,
        code: name.includes('/') ? 'UNSAFE_PATH' : 'INVALID_SEGMENT_NAME',
        message: `"${name}" is not a segment key of the bucket; skipped`,
      });
    }
  }

  /**
   * The namespace's listing, read once and then kept current: one LIST of a single key shows
   * whether a newer segment arrived (keys sort newest end first), and only then is it re-read.
   */
  async segments(namespace: string): Promise<HeldSegments & { unrecognized: UnrecognizedFile[] }> {
    let cache = this.listings.get(namespace);
    if (cache) {
      const newest = (await this.store.list(`${this.namespacePrefix(namespace)}segments/`, { limit: 1 })).objects[0]
        ?.key;
      const known = cache.segments[0]?.key;
      if (newest !== undefined && newest !== this.segmentKey(namespace, known ?? '')) cache = undefined;
    }
    if (!cache) {
      const read = await this.readAll(namespace);
      cache = { ...read, bySeedKey: bySeedKey(read.segments) };
      this.listings.set(namespace, cache);
    }
    const more = cache.skipped - cache.unrecognized.length;
    const unrecognized =
      more > 0
        ? [
            ...cache.unrecognized,
            {
              file: `(${more} more)`,
              code: 'INVALID_SEGMENT_NAME' as const,
              message: `${more} more keys that are not segments were skipped`,
            },
          ]
        : cache.unrecognized;
    return { segments: cache.segments, bySeedKey: cache.bySeedKey, unrecognized };
  }

  /** The namespace's listing as last read, asking the bucket nothing; null where none was read. */
  held(namespace: string): HeldSegments | null {
    return this.listings.get(namespace) ?? null;
  }

  /** The namespace's index objects, listed afresh (libsql-wal finds segments through them). */
  async indexes(namespace: string): Promise<BucketSegment[]> {
    return (await this.readAll(namespace, 'indexes')).segments;
  }

  /** Forgets a namespace's listing, after this process wrote to it. */
  forget(namespace: string): void {
    this.listings.delete(namespace);
  }

  /**
   * libsql-wal's own lookup, `EndFrameNoLessThan(N)` (docs/formats/libsql-wal.md): one LIST of `indexes/` with
   * StartAfter at u64::MAX - N, first key only: the segment with the largest end at or before N.
   */
  async endingAtOrBefore(namespace: string, frameNo: bigint): Promise<BucketSegment | null> {
    const prefix = `${this.namespacePrefix(namespace)}indexes/`;
    const page = await this.store.list(prefix, { startAfter: `${prefix}${endAtOrBeforeMarker(frameNo)}`, limit: 1 });
    const object = page.objects[0];
    const key = object ? tryParseLibsqlWalKey(object.key.slice(prefix.length)) : null;
    if (!object || !key) return null;
    return { key: object.key.slice(prefix.length), size: null, ...key };
  }

  /** The namespace's durable frame: the end of the first key under `indexes/`. */
  async maxFrameNo(namespace: string): Promise<bigint | null> {
    const prefix = `${this.namespacePrefix(namespace)}indexes/`;
    const first = (await this.store.list(prefix, { limit: 1 })).objects[0];
    return first ? (tryParseLibsqlWalKey(first.key.slice(prefix.length))?.endFrameNo ?? null) : null;
  }
}
