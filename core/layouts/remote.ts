import type { Readable } from 'node:stream';
import type { FileFormat } from '../model/file-format.js';
import type { UnrecognizedFile } from '../model/results.js';
import type { SegmentKey } from '../format/segment-key.js';
import type { ProgressListener } from '../progress.js';
import type { BucketLayout } from '../model/settings.js';
import type { Layout } from './layout.js';

/** A segment as a remote lists it: its key (file name) and what the key says. */
export interface RemoteSegment extends SegmentKey {
  key: string;
  /** Bytes, when the remote's listing tells. */
  size: bigint | null;
}

export interface RemoteListing {
  segments: RemoteSegment[];
  /** Listed entries whose names are not segment keys: reported, never used as paths. */
  unrecognized: UnrecognizedFile[];
  /**
   * The formats its segment objects are in, where the layout fixes them (libsql-wal's bucket keeps
   * segments compacted): a local file in another is what was stored, not a copy, and its size says
   * nothing of the object's.
   */
  objectFormats?: readonly FileFormat[];
}

/** The segment a remote found for a frame, as a stream the fs backend writes into its cache. */
export interface RemoteObject {
  segment: RemoteSegment;
  body: Readable;
  /** What the response itself says it holds (Content-Length), when it says. */
  contentLength: bigint | null;
}

/**
 * libsql-wal's remote storage (docs/formats/libsql-wal.md): upload a stored segment file, fetch the segment
 * holding a frame; plus `list` for inspection. Implementations: none, and the seed bucket layout on a
 * directory or S3 (directory-remote, s3-remote), and the libsql-wal layout on either (libsql-wal-remote).
 */
export interface RemoteStorage {
  readonly kind: 'none' | 'directory' | 's3' | 'libsql-wal';
  /** Where it points, for messages and the UI (never includes secrets). */
  readonly description: string;
  /**
   * What a local folder caching its segments is tied to (backend/cache-owner.ts): the bucket, its
   * layout and cluster. Absent where nothing fetched is cached in a folder of the seed's layout.
   */
  readonly owner?: string;
  upload(filePath: string, namespace: string, key: string, onProgress?: ProgressListener): Promise<void>;
  /** The segment whose range contains `frameNo`, or null when the remote has none. */
  fetch(namespace: string, frameNo: bigint): Promise<RemoteObject | null>;
  /**
   * The segment `list` gave under `key`, or null when the remote no longer holds it: where segments
   * overlap, a frame finds only one of them, and a verify reads every one (the remotes that list keys).
   */
  fetchKey?(namespace: string, key: string): Promise<RemoteObject | null>;
  list(namespace: string): Promise<RemoteListing>;
  /** Throws the typed error an operator should see when the remote cannot be used. */
  check(): Promise<void>;
  /** The namespace's durable frame, where the layout answers it in one request (the libsql-wal bucket). */
  maxFrameNo?(namespace: string): Promise<bigint | null>;
  /**
   * The libsql-wal bucket's index objects: one for each segment listed, and each index object that
   * names no segment. libsql-wal finds segments through them alone, so verify reads them too.
   */
  indexObjects?(namespace: string): Promise<RemoteIndexObject[]>;
  /** The namespaces the remote holds, where its layout can tell (the libsql-wal bucket). */
  namespaces?(): Promise<string[]>;
  /** The bucket layout it reads, for the UI's "Layout" and "Test connection". */
  readonly layout?: BucketLayout;
  /** A bucket read as a layout of its own (bottomless): the workspace lists and restores it directly. */
  readonly layoutOverBucket?: Layout;
  /** The same bucket's other layouts, each read as a remote of its own: `namespaces` shows every one. */
  siblings?: BucketSibling[];
  /** The bucket's top-level keys no layout reads: a bucket of them is never shown as empty. */
  bucketProblems?: UnrecognizedFile[];
  close(): Promise<void>;
}

/** An index object of a libsql-wal bucket, and the segment it names. */
export interface RemoteIndexObject {
  /** Its key below the namespace, `indexes/{key}`, for messages. */
  name: string;
  /** The segment it names as the listing keys it (the seed's form); null: the bucket holds no such segment. */
  segment: string | null;
  /** Its bytes, bounded by its listed size; null where the bucket holds no index object for the segment. */
  read(): Promise<Uint8Array | null>;
}

/** One more layout a bucket holds beside the one read (bottomless generations beside libsql-wal's `v2/`). */
export interface BucketSibling {
  layout: BucketLayout;
  /** The cluster it is read for; null for bottomless, which has none. */
  cluster: string | null;
  /** Where the namespaces are: the layout, and its cluster where it has one. */
  label: string;
  /** What its namespaces' ids start with (model/namespace-id.ts): `bottomless`, `libsql-wal@<cluster>`. */
  id: string;
  remote: RemoteStorage;
  names(): Promise<string[]>;
}
