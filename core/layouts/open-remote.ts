import type { BucketLayout, RemoteSettings } from '../model/settings.js';
import type { ObjectStore } from '../storage/object-store.js';
import { noneRemote } from './none-remote.js';
import type { RemoteStorage } from './remote.js';

/**
 * The layout a bucket's keys show: libsql-wal's `v2/clusters/…` (libsql-wal), or the seed's
 * `ns-{cluster}:{ns}-v2/…` (seed-bucket). An empty bucket gets what libsql-wal itself writes.
 */
export async function detectBucketLayout(store: ObjectStore): Promise<BucketLayout> {
  const top = await store.list('', { delimiter: '/', limit: 1000 });
  if (top.prefixes.includes('v2/')) return 'libsql-wal';
  if (top.prefixes.some((p) => p.startsWith('ns-'))) return 'seed-bucket';
  return 'libsql-wal';
}

/**
 * Builds the remote storage the settings describe. What a remote needs is loaded only when there
 * is one, the AWS SDK only for an S3 remote: it is most of what a command would otherwise load
 * before it starts.
 */
export async function openRemote(settings: RemoteSettings): Promise<RemoteStorage> {
  if (settings.kind === 'none') return noneRemote();
  const [{ LibsqlWalBucket }, { LibsqlWalRemote }, { SeedBucketRemote }] = await Promise.all([
    import('./libsql-wal-bucket.js'),
    import('./libsql-wal-remote.js'),
    import('./seed-bucket-remote.js'),
  ]);
  let store: ObjectStore;
  if (settings.kind === 'directory') {
    const { FolderObjectStore } = await import('../storage/folder-object-store.js');
    store = new FolderObjectStore(settings.path);
  } else {
    const { S3ObjectStore } = await import('../storage/s3-object-store.js');
    store = new S3ObjectStore(settings);
  }
  const layout =
    settings.layout ??
    (await detectBucketLayout(store).catch(async (error: unknown) => {
      await store.close();
      throw error;
    }));
  if (layout === 'libsql-wal') return new LibsqlWalRemote(new LibsqlWalBucket(store, settings.clusterId));
  return new SeedBucketRemote(settings.kind, store, settings.clusterId);
}
