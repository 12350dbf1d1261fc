import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { GetObjectCommand, HeadBucketCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { type S3ClientOptions, type S3Settings, createS3Client, describeS3 } from '../storage/s3-client.js';
import { SegscopeError } from '../errors.js';
import type { ProgressListener } from '../progress.js';
import type { RemoteListing, RemoteObject, RemoteStorage } from './remote.js';
import { remoteSegmentsPrefix } from './remote-layout.js';
import { s3Error } from '../storage/s3-errors.js';
import { S3Listing } from './s3-listing.js';

export type { S3Settings };

/** The reference lists 10 keys a request; S3 allows 1,000, a hundredth of the round trips. */
const PAGE = 1000;
const PART_SIZE = 8 << 20;

export interface S3RemoteOptions extends S3ClientOptions {
  /** Pages one listing may read (1,000 keys each) before it is abandoned as endless. */
  maxListPages?: number;
}

/** 20 million keys: far more than a namespace holds, and a listing that long is a broken server. */
const MAX_LIST_PAGES = 20_000;

/**
 * libsql-wal's S3 storage (FORMAT.md §4): segments at `ns-{cluster_id}:{namespace}-v2/segments/{key}`.
 * Lookups keep each namespace's listing and only ask for keys after the last one seen, so a warm
 * lookup is one small LIST and one GET however large the bucket.
 */
export class S3Remote implements RemoteStorage {
  readonly kind = 's3';
  readonly layout = 'legacy';
  readonly description: string;
  /** Requests sent to the server, by operation, retries included (tests and benchmarks read it). */
  readonly requests = new Map<string, number>();
  private readonly client: S3Client;
  private readonly listings = new Map<string, S3Listing>();
  private readonly maxListPages: number;

  constructor(
    private readonly settings: S3Settings,
    options: S3RemoteOptions = {},
  ) {
    this.description = describeS3(settings);
    this.client = createS3Client(settings, options, this.requests);
    this.maxListPages = options.maxListPages ?? MAX_LIST_PAGES;
  }

  private prefix(namespace: string): string {
    return remoteSegmentsPrefix(this.settings.clusterId, namespace);
  }

  private where(): string {
    return this.description;
  }

  async check(): Promise<void> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.settings.bucket }));
    } catch (error) {
      const mapped = s3Error(error, 'checking the bucket', this.where());
      // HeadBucket answers a missing bucket with a bare 404.
      if (mapped.code === 'REMOTE_NOT_FOUND') throw new SegscopeError('REMOTE_NOT_FOUND', `${this.where()}: the bucket does not exist`, { cause: error });
      throw mapped;
    }
  }

  async upload(filePath: string, namespace: string, key: string, onProgress?: ProgressListener): Promise<void> {
    const total = (await stat(filePath)).size;
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.settings.bucket, Key: `${this.prefix(namespace)}/${key}`, Body: createReadStream(filePath), ContentLength: total },
      partSize: PART_SIZE,
      queueSize: 4,
      leavePartsOnError: false,
    });
    upload.on('httpUploadProgress', (progress) => {
      onProgress?.({ id: `upload:${key}`, phase: 'upload', done: progress.loaded ?? 0, total });
    });
    try {
      await upload.done();
    } catch (error) {
      throw s3Error(error, `uploading ${key}`, this.where());
    }
    // The cached listing may already be past this key in byte order (a compaction of old frames),
    // where resuming after the last key would never see it: record it directly.
    this.listings.get(namespace)?.learn(key, BigInt(total));
  }

  private listingOf(namespace: string): S3Listing {
    let listing = this.listings.get(namespace);
    if (!listing) {
      listing = new S3Listing();
      this.listings.set(namespace, listing);
    }
    return listing;
  }

  /**
   * Reads keys after the last one seen, a page of 1,000 at a time, until the end of the prefix
   * or, with `stopPast`, as soon as a page reaches keys that start after that frame.
   */
  private async refresh(namespace: string, stopPast?: bigint): Promise<S3Listing> {
    const listing = this.listingOf(namespace);
    const prefix = this.prefix(namespace);
    for (let pages = 1; ; pages++) {
      if (pages > this.maxListPages) {
        throw new SegscopeError('REMOTE_UNAVAILABLE', `${this.where()} kept listing past ${this.maxListPages} pages of keys; gave up`);
      }
      const resumedAfter = listing.lastKey;
      let page;
      try {
        page = await this.client.send(
          new ListObjectsV2Command({
            Bucket: this.settings.bucket,
            Prefix: `${prefix}/`,
            MaxKeys: PAGE,
            ...(listing.lastKey ? { StartAfter: listing.lastKey } : {}),
          }),
        );
      } catch (error) {
        throw s3Error(error, 'listing segments', this.where());
      }
      let past = false;
      for (const object of page.Contents ?? []) {
        if (!object.Key) continue;
        const start = listing.add(prefix, object.Key, BigInt(object.Size ?? 0));
        if (stopPast !== undefined && start !== null && start > stopPast) past = true;
      }
      listing.reachedEnd = !page.IsTruncated;
      if (listing.reachedEnd || past) return listing;
      // A truncated page must move the listing on; one that does not would be asked for forever.
      if (listing.lastKey === resumedAfter || (resumedAfter !== undefined && (listing.lastKey ?? '') <= resumedAfter)) {
        throw new SegscopeError('REMOTE_UNAVAILABLE', `${this.where()} answered a listing page that does not advance past ${resumedAfter ?? 'the start'}; gave up`);
      }
    }
  }

  async list(namespace: string): Promise<RemoteListing> {
    const listing = await this.refresh(namespace);
    return {
      segments: listing.index.all().map(({ name, ...key }) => ({ key: name, ...key, size: listing.sizes.get(name) ?? null })),
      unrecognized: listing.unrecognizedSummary(),
    };
  }

  async fetch(namespace: string, frameNo: bigint): Promise<RemoteObject | null> {
    return this.fetchOnce(namespace, frameNo, true);
  }

  private async fetchOnce(namespace: string, frameNo: bigint, retryIfVanished: boolean): Promise<RemoteObject | null> {
    const listing = await this.refresh(namespace, frameNo);
    const found = listing.index.find(frameNo);
    if (!found) return null;
    const { name, ...key } = found;
    let body: Readable;
    let contentLength: bigint | null;
    try {
      const object = await this.client.send(new GetObjectCommand({ Bucket: this.settings.bucket, Key: `${this.prefix(namespace)}/${name}` }));
      body = object.Body as Readable;
      contentLength = object.ContentLength === undefined ? null : BigInt(object.ContentLength);
    } catch (error) {
      const mapped = s3Error(error, `reading ${name}`, this.where());
      if (mapped.code !== 'REMOTE_NOT_FOUND') throw mapped;
      // Deleted between LIST and GET (a compaction replaced it): forget it and look again once.
      this.listings.set(namespace, listing.forget(name));
      if (retryIfVanished) return this.fetchOnce(namespace, frameNo, false);
      throw new SegscopeError('REMOTE_NOT_FOUND', `${name} vanished from ${this.where()} between listing and reading`, { cause: error });
    }
    return { segment: { key: name, ...key, size: listing.sizes.get(name) ?? null }, body, contentLength };
  }

  async close(): Promise<void> {
    this.client.destroy();
  }
}
