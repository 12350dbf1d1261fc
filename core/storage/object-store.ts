import type { Readable } from 'node:stream';

/** One object as a listing shows it. */
export interface ListedObject {
  key: string;
  size: bigint;
}

export interface ListPage {
  objects: ListedObject[];
  /** With a delimiter: the "folders" one level down, each ending in the delimiter. */
  prefixes: string[];
  /** More keys follow; ask again with StartAfter the last one. */
  truncated: boolean;
}

export interface ListOptions {
  /** Keys strictly after this one (S3's StartAfter). */
  startAfter?: string;
  /** At most this many keys (S3 answers at most 1,000 a page). */
  limit?: number;
  delimiter?: string;
}

export interface StoredObject {
  body: Readable;
  /** What the response says it holds, when it says. */
  contentLength: bigint | null;
}

/**
 * Where bytes live by key: S3, or a local folder laid out like a bucket.
 * The bucket layouts speak only this, never the AWS SDK, so every layout runs on either.
 */
export interface ObjectStore {
  /** For messages and the UI; never holds a secret. */
  readonly description: string;
  /** Requests made, by kind (LIST, GET, PUT, HEAD): tests and benchmarks count them. */
  readonly requests: Map<string, number>;
  list(prefix: string, options?: ListOptions): Promise<ListPage>;
  get(key: string): Promise<StoredObject | null>;
  /** Writes the file's bytes under the key, replacing what was there. */
  put(key: string, filePath: string, onProgress?: (done: number, total: number) => void): Promise<void>;
  head(key: string): Promise<{ size: bigint } | null>;
  /** Throws the typed error an operator should see when the store cannot be used at all. */
  check(): Promise<void>;
  close(): Promise<void>;
}

export function countRequest(requests: Map<string, number>, kind: string): void {
  requests.set(kind, (requests.get(kind) ?? 0) + 1);
}
