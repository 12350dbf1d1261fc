import { FolderObjectStore } from '../../core/storage/folder-object-store.js';
import type { S3ClientOptions, S3Settings } from '../../core/storage/s3-client.js';
import { S3ObjectStore } from '../../core/storage/s3-object-store.js';
import { SeedBucketRemote } from '../../core/layouts/seed-bucket-remote.js';

/**
 * The seed's bucket layout as openRemote builds it, with the bounds a test chooses: on S3, and
 * in a folder laid out like the bucket.
 */
export function seedBucketOnS3(
  settings: S3Settings,
  options: S3ClientOptions & { maxListPages?: number } = {},
): SeedBucketRemote {
  return new SeedBucketRemote('s3', new S3ObjectStore(settings, options), settings.clusterId, options);
}

export function seedBucketInFolder(root: string, clusterId: string): SeedBucketRemote {
  return new SeedBucketRemote('directory', new FolderObjectStore(root), clusterId);
}
