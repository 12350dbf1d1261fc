import type { S3ClientOptions, S3Settings } from '../storage/s3-client.js';
import { S3ObjectStore } from '../storage/s3-object-store.js';
import { SeedBucketRemote } from './seed-bucket-remote.js';

export type { S3Settings };

export interface S3RemoteOptions extends S3ClientOptions {
  /** Pages one listing may read (1,000 keys each) before it is abandoned as endless. */
  maxListPages?: number;
}

/** The seed's bucket layout on S3 (FORMAT.md §4). */
export class S3Remote extends SeedBucketRemote {
  constructor(settings: S3Settings, options: S3RemoteOptions = {}) {
    super('s3', new S3ObjectStore(settings, options), settings.clusterId, options);
  }
}
