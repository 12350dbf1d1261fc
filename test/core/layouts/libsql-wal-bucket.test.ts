import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { Workspace } from '../../../core/api/workspace.js';
import { formatLibsqlWalKey, parseLibsqlWalKey } from '../../../core/format/libsql-wal-key.js';
import { pageOfKey } from '../../support/page-of-key.js';
import { FstMap } from '../../../core/format/fst.js';
import { INDEX_OBJECT_HEADER_SIZE } from '../../../core/format/index-object.js';
import { inspectFile } from '../../../core/inspect/inspect-file.js';
import { LibsqlWalBucket } from '../../../core/layouts/libsql-wal-bucket.js';
import { LibsqlWalRemote } from '../../../core/layouts/libsql-wal-remote.js';
import { restoreDatabase } from '../../../core/restore/restore.js';
import { FolderObjectStore } from '../../../core/storage/folder-object-store.js';
import { S3ObjectStore } from '../../../core/storage/s3-object-store.js';
import { runCli } from '../../support/cli.js';
import { LIBSQL_VECTORS, copyVector, manifest, rowsDigest } from '../../support/real-data.js';
import { createBucket, plainClient, putObjects, s3Settings, uniqueBucket } from '../../support/s3-fixtures.js';
import { S3_CREDENTIALS } from '../../support/s3-server.js';
import { tempDir } from '../../support/segments.js';

const endpoint = inject('s3Endpoint');
const m = await manifest();
const env = { AWS_ACCESS_KEY_ID: S3_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: S3_CREDENTIALS.secretAccessKey };
const NS_PREFIX = 'v2/clusters/cluster-1/namespaces/default/';

/** A Ceph bucket holding one of the vector buckets' objects under their keys. */
async function cephBucketFrom(vector: 'bucket-alpha1' | 'bucket-v1'): Promise<string> {
  const bucket = uniqueBucket('bl');
  const client = plainClient(endpoint);
  await createBucket(client, bucket);
  const bucketVector = m.buckets.find((b) => b.root === vector);
  const objects = [];
  for (const o of bucketVector?.objects ?? []) {
    objects.push({
      key: o.segment.slice(vector.length + 1),
      body: new Uint8Array(await readFile(join(LIBSQL_VECTORS, o.segment))),
    });
    objects.push({
      key: o.index.slice(vector.length + 1),
      body: new Uint8Array(await readFile(join(LIBSQL_VECTORS, o.index))),
    });
  }
  await putObjects(client, bucket, objects);
  return bucket;
}

describe('buckets as libsql-wal writes them (libsql-wal layout)', () => {
  for (const where of ['folder', 'ceph'] as const) {
    it(`${where}: lists, meta, fetches and restores from the bucket alone, at every end`, async () => {
      const remoteArgs =
        where === 'folder'
          ? ['--remote', `file://${await copyVector('bucket-v1')}`, '--cluster-id', 'cluster-1']
          : [
              '--remote',
              `s3://${await cephBucketFrom('bucket-v1')}`,
              '--endpoint',
              endpoint,
              '--cluster-id',
              'cluster-1',
            ];
      const empty = await tempDir();
      const list = await runCli(['list', empty, ...remoteArgs, '--json'], env);
      expect(list.code, list.err).toBe(0);
      const listed = JSON.parse(list.out) as {
        segments: { startFrameNo: number; endFrameNo: number; location: string }[];
        maxFrameNo: number;
        gaps: unknown[];
      };
      expect(listed.segments.map((s) => [s.startFrameNo, s.endFrameNo, s.location])).toEqual([
        [1, 29, 'remote'],
        [30, 55, 'remote'],
        [56, 90, 'remote'],
        [91, 107, 'remote'],
      ]);
      expect(listed.gaps).toEqual([]);
      expect(JSON.parse((await runCli(['meta', '--dir', empty, ...remoteArgs, '--json'], env)).out)).toEqual({
        maxFrameNo: 107,
      });
      for (const frame of Object.keys(m.expected_at_frame)) {
        const out = join(await tempDir(), 'db');
        const restore = await runCli(
          ['restore', '--dir', await tempDir(), ...remoteArgs, '--out', out, '--until-frame', frame, '--json'],
          env,
        );
        expect(restore.code, restore.err).toBe(0);
        expect(rowsDigest(out)).toEqual(m.expected_at_frame[frame]);
      }
      const dest = join(await tempDir(), 'held');
      const fetched = await runCli(
        ['fetch', '--dir', empty, ...remoteArgs, '--frame', '60', '--dest', dest, '--json'],
        env,
      );
      expect(fetched.code, fetched.err).toBe(0);
      expect(await inspectFile(dest)).toMatchObject({
        format: 'compacted-v1',
        header: { startFrameNo: 56n, endFrameNo: 90n },
        checksum: { ok: true },
      });
    });
  }

  it(
    "answers libsql-wal's own lookup with one LIST, a warm lookup of a frame listed with one GET, " +
      'one past the listing with a LIST',
    async () => {
      const store = new S3ObjectStore(s3Settings(endpoint, await cephBucketFrom('bucket-alpha1')));
      const bucket = new LibsqlWalBucket(store, 'cluster-1');
      const before = store.requests.get('ListObjectsV2Command') ?? 0;
      expect(await bucket.endingAtOrBefore('default', 65n)).toMatchObject({ startFrameNo: 30n, endFrameNo: 55n });
      expect(await bucket.endingAtOrBefore('default', 29n)).toMatchObject({ startFrameNo: 1n, endFrameNo: 29n });
      expect(await bucket.endingAtOrBefore('default', 28n)).toBeNull();
      expect((store.requests.get('ListObjectsV2Command') ?? 0) - before).toBe(3);
      expect(await bucket.maxFrameNo('default')).toBe(107n);
      expect(await bucket.clusters()).toEqual(['cluster-1']);
      expect(await bucket.namespaces()).toEqual(['default']);
      const remote = new LibsqlWalRemote(bucket);
      (await remote.fetch('default', 40n))?.body.destroy();
      const count = () => [...store.requests.values()].reduce((a, b) => a + b, 0);
      const start = count();
      const warm = await remote.fetch('default', 95n);
      warm?.body.destroy();
      expect(warm?.segment).toMatchObject({ startFrameNo: 91n, endFrameNo: 107n });
      expect(count() - start).toBe(1);
      // Past what was listed, the bucket is asked whether a newer segment arrived (one key).
      const past = count();
      expect(await remote.fetch('default', 108n)).toBeNull();
      expect(count() - past).toBe(1);
      await remote.close();
    },
  );

  it(
    'stores what libsql-wal reads: v1 in an empty ' + 'namespace, segment then index, found by its own lookup',
    async () => {
      const bucket = uniqueBucket('store');
      const client = plainClient(endpoint);
      await createBucket(client, bucket);
      const prefix = await tempDir();
      const sealed = join(LIBSQL_VECTORS, 'sqld/dbs/default/data-wal/00000000000000000030.seg');
      const remoteArgs = ['--remote', `s3://${bucket}`, '--endpoint', endpoint, '--cluster-id', 'cluster-1'];
      const stored = await runCli(['store', sealed, '--dir', prefix, ...remoteArgs, '--json'], env);
      expect(stored.code, stored.err).toBe(0);
      expect(JSON.parse(stored.out)).toMatchObject({ stored: [{ uploaded: true }] });
      // A plain client, as libsql-wal looks: one LIST of indexes/ after u64::MAX - 60, first key.
      const found = await client.send(
        new ListObjectsV2Command({
          Bucket: bucket,
          Prefix: `${NS_PREFIX}indexes/`,
          StartAfter: `${NS_PREFIX}indexes/${(2n ** 64n - 1n - 60n).toString().padStart(20, '0')}`,
          MaxKeys: 1,
        }),
      );
      const indexKey = found.Contents?.[0]?.Key ?? '';
      const name = indexKey.slice(`${NS_PREFIX}indexes/`.length);
      expect(parseLibsqlWalKey(name)).toEqual({ startFrameNo: 30n, endFrameNo: 55n, timestampMs: 1720000060000n });
      const segmentBytes = await (
        await client.send(new GetObjectCommand({ Bucket: bucket, Key: `${NS_PREFIX}segments/${name}` }))
      ).Body?.transformToByteArray();
      const indexBytes = await (
        await client.send(new GetObjectCommand({ Bucket: bucket, Key: indexKey }))
      ).Body?.transformToByteArray();
      const dir = await tempDir();
      await writeFile(join(dir, `${name}.seg`), segmentBytes ?? new Uint8Array());
      await writeFile(join(dir, 'index'), indexBytes ?? new Uint8Array());
      const segment = await inspectFile(join(dir, `${name}.seg`), { frames: true });
      expect(segment).toMatchObject({
        format: 'compacted-v1',
        header: { startFrameNo: 30n, endFrameNo: 55n, sizeAfter: 33 },
        checksum: { ok: true },
      });
      expect(segment.problems.filter((p) => p.severity === 'error')).toEqual([]);
      expect((await inspectFile(join(dir, 'index'))).format).toBe('index-object');
      const map = FstMap.decode((indexBytes ?? new Uint8Array()).subarray(INDEX_OBJECT_HEADER_SIZE));
      const pages = [...map.entries()].map((e) => [pageOfKey(e.key), Number(e.value)]);
      expect(pages).toEqual((segment.frames ?? []).map((f, i) => [f.pageNo, i]));
    },
  );

  it(
    'stores idempotently: the same segment again writes ' + 'nothing; different bytes under its key are SEGMENT_EXISTS',
    async () => {
      const root = await tempDir();
      const store = new FolderObjectStore(root);
      const remote = new LibsqlWalRemote(new LibsqlWalBucket(store, 'c'));
      const sealed = join(LIBSQL_VECTORS, 'sqld/dbs/default/data-wal/00000000000000000056.seg');
      const key = '0000000000000000056-0000000000000000090-0000001720000120.segment';
      await remote.upload(sealed, 'default', key);
      const puts = store.requests.get('PUT') ?? 0;
      await remote.upload(sealed, 'default', key);
      expect((store.requests.get('PUT') ?? 0) - puts).toBe(1); // the index object only, rewritten the same
      const segments = join(root, 'v2', 'clusters', 'c', 'namespaces', 'default', 'segments');
      const [name] = await readdir(segments);
      const bytes = new Uint8Array(await readFile(join(segments, name ?? '')));
      bytes[100] = (bytes[100] ?? 0) ^ 1;
      await writeFile(join(segments, name ?? ''), bytes);
      await expect(remote.upload(sealed, 'default', key)).rejects.toMatchObject({ code: 'SEGMENT_EXISTS' });
    },
  );

  it(
    'in a bucket of 10,000 segments: a warm lookup of any frame ' +
      "is 1 LIST + 1 GET, and so is libsql-wal's lookup cold",
    async () => {
      const bucket = uniqueBucket('many');
      const client = plainClient(endpoint);
      await createBucket(client, bucket);
      const objects = Array.from({ length: 10_000 }, (_, i) => {
        const name = formatLibsqlWalKey({
          startFrameNo: BigInt(i * 10 + 1),
          endFrameNo: BigInt(i * 10 + 10),
          timestampMs: 1_700_000_000_000n + BigInt(i),
        });
        return [
          { key: `${NS_PREFIX}segments/${name}`, body: new Uint8Array(0) },
          { key: `${NS_PREFIX}indexes/${name}`, body: new Uint8Array(0) },
        ];
      }).flat();
      await putObjects(client, bucket, objects);
      const store = new S3ObjectStore(s3Settings(endpoint, bucket));
      const bucketLayout = new LibsqlWalBucket(store, 'cluster-1');
      const count = () => [...store.requests.values()].reduce((a, b) => a + b, 0);
      let start = count();
      const cold = await bucketLayout.endingAtOrBefore('default', 55_555n);
      expect(cold).toMatchObject({ startFrameNo: 55_541n, endFrameNo: 55_550n });
      (await store.get(bucketLayout.segmentKey('default', cold?.key ?? '')))?.body.destroy();
      expect(count() - start).toBe(2);
      const remote = new LibsqlWalRemote(bucketLayout);
      start = count();
      (await remote.fetch('default', 12_345n))?.body.destroy();
      // Cold: the clusters (one delimiter LIST: the cluster asked must be one the bucket holds), the
      // listing, 1,000 keys a page (10, and an 11th, empty, when the gateway only finds the end once
      // past a page boundary), then the GET.
      expect(count() - start).toBeGreaterThanOrEqual(12);
      expect(count() - start).toBeLessThanOrEqual(13);
      for (const frame of [5n, 99_999n, 54_321n]) {
        start = count();
        const found = await remote.fetch('default', frame);
        found?.body.destroy();
        expect(found?.segment.startFrameNo).toBe(((frame - 1n) / 10n) * 10n + 1n);
        expect(count() - start).toBe(1);
      }
      await remote.close();
    },
    120_000,
  );

  it('namespaces lists the bucket beside the local ones', async () => {
    const prefix = await tempDir();
    const workspace = await Workspace.open(prefix, {
      remote: { kind: 'directory', path: await copyVector('bucket-v1'), clusterId: 'cluster-1' },
    });
    const result = await workspace.namespaces();
    expect(result.namespaces).toEqual([
      {
        name: 'default',
        id: 'libsql-wal/default',
        kind: 'libsql-wal',
        // Counted as a restore reads them: nothing is cached yet, the bucket holds 4.
        segments: 4,
        maxFrameNo: 107n,
        location: 'both',
      },
    ]);
    await workspace.close();
  });

  it('restores from a bucket alone with the restore API too', async () => {
    const workspace = await Workspace.open(await tempDir(), {
      remote: { kind: 'directory', path: await copyVector('bucket-alpha1'), clusterId: 'cluster-1' },
    });
    const out = join(await tempDir(), 'r.db');
    const result = await restoreDatabase(await workspace.restoreSource('default'), { out, allowGaps: false });
    expect(result.untilFrameNo).toBe(107n);
    expect(rowsDigest(out)).toEqual(m.expected_at_frame['107']);
    await workspace.close();
  });
});
