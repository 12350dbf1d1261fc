import type { BucketLayout, RemoteSettings } from '../model/settings.js';
import { SegscopeError } from '../errors.js';
import type { ObjectStore } from '../storage/object-store.js';
import { dbNameOfFolder } from './bottomless-names.js';
import { noneRemote } from './none-remote.js';
import type { RemoteStorage } from './remote.js';

/** The layouts whose keys a bucket's top level shows, in the order a local path prefers them. */
export async function bucketLayoutsOf(store: ObjectStore): Promise<BucketLayout[]> {
  const top = await store.list('', { delimiter: '/', limit: 1000 });
  const found: BucketLayout[] = [];
  if (top.prefixes.includes('v2/')) found.push('libsql-wal');
  if (top.prefixes.some((p) => p.startsWith('ns-') && p.endsWith('-v2/'))) found.push('seed-bucket');
  if (top.prefixes.some((p) => dbNameOfFolder(p) !== null)) found.push('bottomless');
  return found;
}

/**
 * The layout a bucket's keys show: libsql-wal's `v2/clusters/…` (libsql-wal), the seed's
 * `ns-{cluster}:{ns}-v2/…` (seed-bucket), or sqld's bottomless generations `{db_name}-{uuid}/`.
 * Read with a local path, the layouts that mirror it come first; without one (`--remote` alone),
 * bottomless, the one read from the bucket alone. An empty bucket gets what libsql-wal writes.
 */
export async function detectBucketLayout(store: ObjectStore, withLocalPath = true): Promise<BucketLayout> {
  const found = await bucketLayoutsOf(store);
  if (!withLocalPath && found.includes('bottomless')) return 'bottomless';
  return found[0] ?? 'libsql-wal';
}

function needCluster(clusterId: string, layout: BucketLayout): string {
  if (clusterId !== '') return clusterId;
  throw new SegscopeError(
    'INVALID_ARGUMENT',
    `the bucket is read in the ${layout} layout, which needs --cluster-id (the libsql cluster whose segments it holds)`,
  );
}

/**
 * Builds the remote storage the settings describe. What a remote needs is loaded only when there
 * is one, the AWS SDK only for an S3 remote: it is most of what a command would otherwise load
 * before it starts. `withLocalPath`: whether a local folder is read beside it (detection prefers
 * the layouts that mirror one).
 */
export async function openRemote(settings: RemoteSettings, withLocalPath = true): Promise<RemoteStorage> {
  if (settings.kind === 'none') return noneRemote();
  let store: ObjectStore;
  let root: string;
  if (settings.kind === 'directory') {
    const { FolderObjectStore } = await import('../storage/folder-object-store.js');
    store = new FolderObjectStore(settings.path);
    root = settings.path;
  } else {
    const { S3ObjectStore } = await import('../storage/s3-object-store.js');
    store = new S3ObjectStore(settings);
    root = `s3://${settings.bucket}`;
  }
  try {
    const layout = settings.layout ?? (await detectBucketLayout(store, withLocalPath));
    if (layout === 'bottomless') {
      const { BottomlessRemote } = await import('./bottomless-remote.js');
      return new BottomlessRemote(settings.kind, store, root);
    }
    const clusterId = needCluster(settings.clusterId, layout);
    if (layout === 'libsql-wal') {
      const [{ LibsqlWalBucket }, { LibsqlWalRemote }] = await Promise.all([
        import('./libsql-wal-bucket.js'),
        import('./libsql-wal-remote.js'),
      ]);
      return new LibsqlWalRemote(new LibsqlWalBucket(store, clusterId));
    }
    const { SeedBucketRemote } = await import('./seed-bucket-remote.js');
    return new SeedBucketRemote(settings.kind, store, clusterId);
  } catch (error) {
    await store.close();
    throw error;
  }
}
