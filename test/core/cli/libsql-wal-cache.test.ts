import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { runCli } from '../../support/cli.js';
import { LIBSQL_VECTORS, copyVector, manifest } from '../../support/real-data.js';
import { createBucket, plainClient, putObjects, uniqueBucket } from '../../support/s3-fixtures.js';
import { S3_CREDENTIALS } from '../../support/s3-server.js';
import { tempDir } from '../../support/segments.js';

/** A libsql-wal bucket read through a local cache folder, as a folder laid out like a bucket and through Ceph. */
const endpoint = inject('s3Endpoint');
const m = await manifest();
const env = { AWS_ACCESS_KEY_ID: S3_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: S3_CREDENTIALS.secretAccessKey };
const SEALED = join(LIBSQL_VECTORS, 'sqld/dbs/default/data-wal/00000000000000000030.seg');

type Where = 'folder' | 'ceph';

/** A bucket holding bucket-v1's objects (or nothing), and the options that read it. */
async function bucketArgs(where: Where, filled: boolean): Promise<{ url: string; args: string[] }> {
  if (where === 'folder') {
    const path = filled ? await copyVector('bucket-v1') : await tempDir();
    return { url: `file://${path}`, args: ['--remote', `file://${path}`] };
  }
  const bucket = uniqueBucket('cache');
  const client = plainClient(endpoint);
  await createBucket(client, bucket);
  const objects = [];
  for (const o of filled ? (m.buckets.find((b) => b.root === 'bucket-v1')?.objects ?? []) : []) {
    for (const key of [o.segment, o.index])
      objects.push({
        key: key.slice('bucket-v1/'.length),
        body: new Uint8Array(await readFile(join(LIBSQL_VECTORS, key))),
      });
  }
  await putObjects(client, bucket, objects);
  return { url: `s3://${bucket}`, args: ['--remote', `s3://${bucket}`, '--endpoint', endpoint] };
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

describe('a libsql-wal bucket read through a local cache folder', () => {
  for (const where of ['folder', 'ceph'] as const) {
    it(`${where}: store --remote uploads a segment the local folder already holds`, async () => {
      const prefix = await tempDir();
      const first = await runCli(['store', SEALED, '--dir', prefix, '--json'], env);
      expect(first.code, first.err).toBe(0);
      const { url, args } = await bucketArgs(where, false);
      const again = await runCli(['store', SEALED, '--dir', prefix, ...args, '--cluster-id', 'c1', '--json'], env);
      expect(again.code, again.err).toBe(0);
      expect(JSON.parse(again.out)).toMatchObject({ stored: [{ unchanged: true, uploaded: true }] });
      const text = await runCli(['store', SEALED, '--dir', prefix, ...args, '--cluster-id', 'c1'], env);
      expect(text.out.trim()).toMatch(/^unchanged .* \(uploaded\)$/);
      // Read back from a fresh cache: the bucket itself holds the segment.
      const list = await runCli(['list', await tempDir(), ...args, '--cluster-id', 'c1', '--json'], env);
      expect(list.code, list.err).toBe(0);
      expect(JSON.parse(list.out)).toMatchObject({ remoteMaxFrameNo: 55, segments: [{ location: 'remote' }] });
      if (where === 'folder') expect((await filesUnder(url.slice('file://'.length))).length).toBe(2);
    });
  }
});
