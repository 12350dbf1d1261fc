import type { BucketLayout, RemoteSettings } from '../model/settings.js';
import { SegscopeError } from '../errors.js';
import type { ObjectStore } from '../storage/object-store.js';
import { type BucketTop, readBucketTop } from './bucket-top.js';
import { noneRemote } from './none-remote.js';
import type { BucketSibling, RemoteStorage } from './remote.js';

/**
 * The layout a bucket's keys show: libsql-wal's `v2/clusters/…` (libsql-wal), the seed's
 * `ns-{cluster}:{ns}-v2/…` (seed-bucket), or sqld's bottomless generations `{db_name}-{uuid}/`.
 * Read with a local path, the layouts that mirror it come first; without one (`--remote` alone),
 * bottomless, the one read from the bucket alone, and so is a bucket whose keys match no layout
 * (its keys are then listed). An empty bucket beside a path gets what libsql-wal writes.
 */
function chooseBucketLayout(top: BucketTop, withLocalPath: boolean): BucketLayout {
  if (!withLocalPath && (top.layouts.includes('bottomless') || top.layouts.length === 0)) return 'bottomless';
  return top.layouts[0] ?? 'libsql-wal';
}

/** A bucket opened over one store, and how it is named in messages (`root`). */
interface OpenedBucket {
  kind: 'directory' | 's3';
  store: ObjectStore;
  root: string;
}

function needCluster(clusterId: string, layout: BucketLayout): string {
  if (clusterId !== '') return clusterId;
  throw new SegscopeError(
    'INVALID_ARGUMENT',
    `the bucket is read in the ${layout} layout, which needs --cluster-id (the libsql cluster whose segments it holds)`,
  );
}

/**
 * The bucket's object store alone, no layout read (S3's SDK loaded only for an S3 remote), and the
 * bucket's name in messages.
 */
export async function openObjectStore(
  settings: Exclude<RemoteSettings, { kind: 'none' }>,
): Promise<{ store: ObjectStore; root: string }> {
  if (settings.kind === 'directory') {
    const { FolderObjectStore } = await import('../storage/folder-object-store.js');
    return { store: new FolderObjectStore(settings.path), root: settings.path };
  }
  const { S3ObjectStore } = await import('../storage/s3-object-store.js');
  return { store: new S3ObjectStore(settings), root: `s3://${settings.bucket}` };
}

/**
 * Builds the remote storage the settings describe. What a remote needs is loaded only when there
 * is one, the AWS SDK only for an S3 remote: it is most of what a command would otherwise load
 * before it starts. `withLocalPath`: whether a local folder is read beside it (detection prefers
 * the layouts that mirror one).
 */
export async function openRemote(settings: RemoteSettings, withLocalPath = true): Promise<RemoteStorage> {
  if (settings.kind === 'none') return noneRemote();
  const { store, root } = await openObjectStore(settings);
  try {
    const top = await readBucketTop(store);
    const layout = settings.layout ?? chooseBucketLayout(top, withLocalPath);
    const bucket: OpenedBucket = { kind: settings.kind, store, root };
    const remote = await remoteIn(layout, bucket, settings.clusterId);
    remote.bucketProblems = top.unrecognized;
    if (settings.layout === undefined) {
      const others = top.layouts.filter((l) => l !== layout);
      remote.siblings = (await Promise.all(others.map((l) => siblingsIn(l, top, bucket, settings.clusterId)))).flat();
    }
    return remote;
  } catch (error) {
    await store.close();
    throw error;
  }
}

async function remoteIn(
  layout: BucketLayout,
  { kind, store, root }: OpenedBucket,
  clusterId: string,
): Promise<RemoteStorage> {
  if (layout === 'bottomless') {
    const { BottomlessRemote } = await import('./bottomless-remote.js');
    return new BottomlessRemote(kind, store, root);
  }
  const cluster = needCluster(clusterId, layout);
  if (layout === 'libsql-wal') {
    const [{ LibsqlWalBucket }, { LibsqlWalRemote }] = await Promise.all([
      import('./libsql-wal-bucket.js'),
      import('./libsql-wal-remote.js'),
    ]);
    return new LibsqlWalRemote(new LibsqlWalBucket(store, cluster));
  }
  const { SeedBucketRemote } = await import('./seed-bucket-remote.js');
  return new SeedBucketRemote(kind, store, cluster);
}

/**
 * Another layout of the same bucket, read over the same store: one per cluster it holds (the
 * one `--cluster-id` names when given), so every namespace in the bucket is shown.
 */
async function siblingsIn(
  layout: BucketLayout,
  top: BucketTop,
  bucket: OpenedBucket,
  clusterId: string,
): Promise<BucketSibling[]> {
  const { store } = bucket;
  if (layout === 'bottomless') {
    const remote = await remoteIn(layout, bucket, clusterId);
    const names = () => remote.namespaces?.() ?? Promise.resolve([]);
    return [{ layout, cluster: null, label: 'bottomless', id: 'bottomless', remote, names }];
  }
  let clusters: string[];
  if (layout === 'libsql-wal') {
    const { LibsqlWalBucket } = await import('./libsql-wal-bucket.js');
    clusters = await new LibsqlWalBucket(store, clusterId).clusters();
  } else {
    clusters = [...new Set(top.seedNamespaces.map((n) => n.cluster))];
  }
  if (clusterId !== '' && clusters.includes(clusterId)) clusters = [clusterId];
  return Promise.all(
    clusters.map(async (cluster) => {
      const remote = await remoteIn(layout, bucket, cluster);
      const names =
        layout === 'libsql-wal'
          ? () => remote.namespaces?.() ?? Promise.resolve([])
          : () => Promise.resolve(top.seedNamespaces.filter((n) => n.cluster === cluster).map((n) => n.namespace));
      return { layout, cluster, label: `${layout} (cluster ${cluster})`, id: `${layout}@${cluster}`, remote, names };
    }),
  );
}
