import { FolderObjectStore } from '../storage/folder-object-store.js';
import { SeedBucketRemote } from './seed-bucket-remote.js';

/**
 * The seed's bucket layout kept in a local directory laid out exactly like the bucket
 * (`<dir>/ns-{cluster_id}:{namespace}-v2/segments/{key}`): for air-gapped copies of a bucket, the
 * demo, and tests.
 */
export class DirectoryRemote extends SeedBucketRemote {
  constructor(root: string, clusterId: string) {
    super('directory', new FolderObjectStore(root), clusterId);
  }
}
