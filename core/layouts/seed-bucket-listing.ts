import { SegmentIndex } from './segment-index.js';
import type { UnrecognizedFile } from '../model/results.js';
import { SegscopeError } from '../errors.js';
import { tryParseSegmentKey } from '../format/segment-key.js';

const MAX_KEPT_UNRECOGNIZED = 20;

/**
 * What is known of one namespace's keys in the bucket. S3 lists keys in byte order and the keys
 * are zero-padded, so they arrive sorted by start frame: the cache grows from the front and
 * `lastKey` is where the next LIST resumes (StartAfter), never re-reading what it has seen.
 */
export class SeedBucketListing {
  readonly index = new SegmentIndex();
  readonly sizes = new Map<string, bigint>();
  /** The first few keys that are not segments; the rest are only counted, so junk cannot grow memory. */
  private readonly unrecognized: UnrecognizedFile[] = [];
  private unrecognizedCount = 0;
  lastKey: string | undefined;
  /** True once a LIST reached the end of the prefix (until new keys appear after it). */
  reachedEnd = false;

  /** Takes one listed object; returns its start frame when it is a segment. */
  add(prefix: string, objectKey: string, size: bigint): bigint | null {
    this.lastKey = objectKey;
    const name = objectKey.startsWith(`${prefix}/`) ? objectKey.slice(prefix.length + 1) : objectKey;
    if (name.includes('/') || name.includes('\\') || name.includes('..')) {
      this.skip({
        file: name,
        code: 'UNSAFE_PATH',
        message: `the key ${objectKey} would escape the segments folder; skipped`,
      });
      return null;
    }
    const key = tryParseSegmentKey(name);
    if (key instanceof SegscopeError) {
      this.skip({ file: name, code: key.code, message: key.message });
      return null;
    }
    this.index.add({ name, ...key });
    this.sizes.set(name, size);
    return key.startFrameNo;
  }

  private skip(entry: UnrecognizedFile): void {
    this.unrecognizedCount++;
    if (this.unrecognized.length < MAX_KEPT_UNRECOGNIZED) this.unrecognized.push(entry);
  }

  /** The keys kept, and one line counting the rest. */
  unrecognizedSummary(): UnrecognizedFile[] {
    const more = this.unrecognizedCount - this.unrecognized.length;
    if (more <= 0) return [...this.unrecognized];
    return [
      ...this.unrecognized,
      {
        file: `(${more} more)`,
        code: 'INVALID_SEGMENT_NAME',
        message: `${more} more keys that are not segments were skipped`,
      },
    ];
  }

  /** A key known to exist (this process uploaded it), added without moving the resume point. */
  learn(name: string, size: bigint): void {
    const key = tryParseSegmentKey(name);
    if (key instanceof SegscopeError) return;
    this.index.add({ name, ...key });
    this.sizes.set(name, size);
  }

  forget(name: string): SeedBucketListing {
    const fresh = new SeedBucketListing();
    for (const s of this.index.all()) if (s.name !== name) fresh.index.add(s);
    for (const [k, v] of this.sizes) if (k !== name) fresh.sizes.set(k, v);
    fresh.unrecognized.push(...this.unrecognized);
    fresh.unrecognizedCount = this.unrecognizedCount;
    fresh.lastKey = this.lastKey;
    fresh.reachedEnd = this.reachedEnd;
    return fresh;
  }
}
