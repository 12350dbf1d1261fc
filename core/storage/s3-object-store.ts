import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { HeadBucketCommand, HeadObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { SegscopeError } from '../errors.js';
import { Upload } from '@aws-sdk/lib-storage';
import { type ListOptions, type ListPage, type ObjectStore, type StoredObject } from './object-store.js';
import { type S3ClientOptions, type S3Settings, createS3Client, describeS3 } from './s3-client.js';
import { s3Error } from './s3-errors.js';
import { REMOTE_BUDGET } from './remote-budget.js';
import { S3Get } from './s3-get.js';

const PART_SIZE = 8 << 20;

/** A bucket as an ObjectStore, on the AWS SDK v3 (the only module of the bucket layouts that sees it). */
export class S3ObjectStore implements ObjectStore {
  readonly requests = new Map<string, number>();
  readonly description: string;
  private readonly client: S3Client;
  private readonly deadlineMs: number;
  private readonly getter: S3Get;

  constructor(
    private readonly settings: S3Settings,
    options: S3ClientOptions = {},
  ) {
    this.description = describeS3(settings);
    this.client = createS3Client(settings, options, this.requests);
    this.deadlineMs = options.deadlineMs ?? REMOTE_BUDGET.callDeadlineMs;
    // The SDK resolves the credentials (explicit, or its default chain) and keeps them fresh.
    const credentials = () => this.client.config.credentials();
    this.getter = new S3Get(settings, options, credentials, this.requests, this.description, (what) =>
      this.deadlineError(what),
    );
  }

  private deadlineError(what: string): SegscopeError {
    const seconds = Math.round(this.deadlineMs / 1000);
    return new SegscopeError(
      'REMOTE_UNAVAILABLE',
      `${this.description} did not answer within ${seconds} s while ${what}, retries included: check ` +
        `--endpoint and that the server is up`,
    );
  }

  /**
   * One request with every attempt the SDK makes of it, ended at the deadline whatever attempt it
   * is on (the SDK's own timeouts are per attempt, so three of them could wait three times as long).
   */
  private async send<T>(what: string, request: (abortSignal: AbortSignal) => Promise<T>): Promise<T> {
    const abort = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const error = this.deadlineError(what);
        abort.abort(error);
        reject(error);
      }, this.deadlineMs);
    });
    try {
      return await Promise.race([request(abort.signal), late]);
    } finally {
      clearTimeout(timer);
    }
  }

  async list(prefix: string, options: ListOptions = {}): Promise<ListPage> {
    const what = prefix ? `listing ${prefix}` : 'listing the bucket';
    try {
      const command = new ListObjectsV2Command({
        Bucket: this.settings.bucket,
        Prefix: prefix,
        MaxKeys: options.limit ?? 1000,
        ...(options.startAfter !== undefined ? { StartAfter: options.startAfter } : {}),
        ...(options.delimiter !== undefined ? { Delimiter: options.delimiter } : {}),
      });
      const page = await this.send(what, (abortSignal) => this.client.send(command, { abortSignal }));
      return {
        objects: (page.Contents ?? []).flatMap((o) => (o.Key ? [{ key: o.Key, size: BigInt(o.Size ?? 0) }] : [])),
        prefixes: (page.CommonPrefixes ?? []).flatMap((p) => (p.Prefix ? [p.Prefix] : [])),
        truncated: page.IsTruncated === true,
      };
    } catch (error) {
      throw s3Error(error, what, this.description);
    }
  }

  /** Through S3Get: the SDK's middleware cost several times the CPU of the request itself. */
  get(key: string): Promise<StoredObject | null> {
    return this.getter.get(key);
  }

  /** Streamed multipart upload: 8 MiB parts, 4 at a time, never the whole file in memory. */
  async put(key: string, filePath: string, onProgress?: (done: number, total: number) => void): Promise<void> {
    const size = (await stat(filePath)).size;
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.settings.bucket, Key: key, Body: createReadStream(filePath), ContentLength: size },
      partSize: PART_SIZE,
      queueSize: 4,
      leavePartsOnError: false,
    });
    upload.on('httpUploadProgress', (progress) => onProgress?.(progress.loaded ?? 0, size));
    try {
      await upload.done();
    } catch (error) {
      throw s3Error(error, `uploading ${key}`, this.description);
    }
  }

  async head(key: string): Promise<{ size: bigint } | null> {
    try {
      const object = await this.send(`looking up ${key}`, (abortSignal) =>
        this.client.send(new HeadObjectCommand({ Bucket: this.settings.bucket, Key: key }), { abortSignal }),
      );
      return { size: BigInt(object.ContentLength ?? 0) };
    } catch (error) {
      const mapped = s3Error(error, `looking up ${key}`, this.description);
      if (mapped.code === 'REMOTE_NOT_FOUND') return null;
      throw mapped;
    }
  }

  async check(): Promise<void> {
    try {
      await this.send('checking the bucket', (abortSignal) =>
        this.client.send(new HeadBucketCommand({ Bucket: this.settings.bucket }), { abortSignal }),
      );
    } catch (error) {
      const mapped = s3Error(error, 'checking the bucket', this.description);
      // HeadBucket answers a missing bucket with a bare 404.
      if (mapped.code === 'REMOTE_NOT_FOUND')
        throw new SegscopeError('REMOTE_NOT_FOUND', `${this.description}: the bucket does not exist`, { cause: error });
      throw mapped;
    }
  }

  async close(): Promise<void> {
    this.getter.close();
    this.client.destroy();
  }
}
