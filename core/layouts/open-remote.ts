import { type BucketLayout, DEFAULT_CLUSTER_ID, type RemoteSettings } from '../model/settings.js';
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

/**
 * The cluster a libsql-wal or seed bucket is read for: the one named; unnamed (''), the only one
 * the bucket holds, as a command reads the only namespace where none is named. Holding several, the
 * operator is told which to name; holding none, a `file://` bucket reads `default` (what `segscope
 * demo` writes), and S3 needs it named.
 */
async function chooseCluster(
  clusterId: string,
  layout: Exclude<BucketLayout, 'bottomless'>,
  { kind, store, root }: OpenedBucket,
  top: BucketTop,
): Promise<string> {
  if (clusterId !== '') return clusterId;
  const held =
    layout === 'libsql-wal'
      ? await new (await import('./libsql-wal-bucket.js')).LibsqlWalBucket(store, '').clusters()
      : [...new Set(top.seedNamespaces.map((n) => n.cluster))];
  const [only] = held;
  if (only !== undefined && held.length === 1) return only;
  if (held.length === 0 && kind === 'directory') return DEFAULT_CLUSTER_ID;
  throw new SegscopeError(
    'INVALID_ARGUMENT',
    held.length === 0
      ? `${root} is read in the ${layout} layout, which needs --cluster-id (the libsql cluster whose segments it holds)`
      : `${root} holds ${layout} clusters ${held.map((c) => `"${c}"`).join(', ')}: name one with --cluster-id`,
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
    const cluster = layout === 'bottomless' ? '' : await chooseCluster(settings.clusterId, layout, bucket, top);
    const remote = await remoteIn(layout, bucket, cluster, settings.layout === undefined);
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
  othersBeside = false,
): Promise<RemoteStorage> {
  if (layout === 'bottomless') {
    const { BottomlessRemote } = await import('./bottomless-remote.js');
    return new BottomlessRemote(kind, store, root, othersBeside);
  }
  if (layout === 'libsql-wal') {
    const [{ LibsqlWalBucket }, { LibsqlWalRemote }] = await Promise.all([
      import('./libsql-wal-bucket.js'),
      import('./libsql-wal-remote.js'),
    ]);
    return new LibsqlWalRemote(new LibsqlWalBucket(store, clusterId));
  }
  const { SeedBucketRemote } = await import('./seed-bucket-remote.js');
  return new SeedBucketRemote(kind, store, clusterId);
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
    return [{ layout, cluster: null, label: 'bottomless', id: 'bottomless', remote, names: namesOf(remote) }];
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
      const label = `${layout} (cluster ${cluster})`;
      return { layout, cluster, label, id: `${layout}@${cluster}`, remote, names: namesOf(remote) };
    }),
  );
}

/** A sibling's namespaces as its remote lists them: every page, not only the first the top was read from. */
function namesOf(remote: RemoteStorage): () => Promise<string[]> {
  return () => remote.namespaces?.() ?? Promise.resolve([]);
}
