import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { runCli } from '../../support/cli.js';
import { LIBSQL_VECTORS, copyVector } from '../../support/real-data.js';
import { bucketOfFolder } from '../../support/s3-fixtures.js';
import { S3_CREDENTIALS } from '../../support/s3-server.js';
import { tempDir } from '../../support/segments.js';

/** A libsql-wal bucket read through a local cache folder, as a folder laid out like a bucket and through Ceph. */
const endpoint = inject('s3Endpoint');
const env = { AWS_ACCESS_KEY_ID: S3_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: S3_CREDENTIALS.secretAccessKey };
const SEALED = join(LIBSQL_VECTORS, 'sqld/dbs/default/data-wal/00000000000000000030.seg');

type Where = 'folder' | 'ceph';

/** A bucket holding bucket-v1's objects (or nothing), and the options that read it. */
async function bucketArgs(where: Where, filled: boolean): Promise<{ url: string; args: string[] }> {
  const path = filled ? await copyVector('bucket-v1') : await tempDir();
  if (where === 'folder') return { url: `file://${path}`, args: ['--remote', `file://${path}`] };
  const bucket = await bucketOfFolder(endpoint, path, 'cache');
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

  for (const where of ['folder', 'ceph'] as const) {
    it(`${where}: a cache filled from one bucket and cluster answers for no other`, async () => {
      const cache = await tempDir();
      const { args } = await bucketArgs(where, true);
      const own = [...args, '--cluster-id', 'cluster-1'];
      const counted = async () =>
        JSON.parse((await runCli(['namespaces', cache, ...own, '--json'], env)).out) as { namespaces: unknown[] };
      // The bucket's segments are counted, not only those the folder caches.
      expect((await counted()).namespaces).toMatchObject([{ name: 'default', segments: 4, maxFrameNo: 107 }]);
      const first = await runCli(
        ['restore', cache, ...own, '--until-frame', '55', '--out', join(await tempDir(), 'a.db')],
        env,
      );
      expect((await counted()).namespaces).toMatchObject([{ name: 'default', segments: 4, maxFrameNo: 107 }]);
      expect(first.code, first.err).toBe(0);
      expect(first.out).toContain('as of frame 55');
      const empty = await bucketArgs(where, false);
      for (const other of [
        [...empty.args, '--cluster-id', 'other'],
        [...empty.args, '--cluster-id', 'cluster-1'],
      ]) {
        const wrong = await runCli(['restore', cache, ...other, '--out', join(await tempDir(), 'e.db')], env);
        expect(wrong.code).toBe(2);
        expect(wrong.err).toMatch(/CACHE_MISMATCH: .* caches the segments of .*cluster cluster-1, not of /);
      }
      // The remote that filled it still reads through it, and the folder alone still lists.
      const again = await runCli(
        ['restore', cache, ...own, '--until-frame', '55', '--out', join(await tempDir(), 'b.db')],
        env,
      );
      expect(again.code, again.err).toBe(0);
      const alone = await runCli(['points', cache, '--json'], env);
      expect(alone.code, alone.err).toBe(0);
    });
  }

  for (const where of ['folder', 'ceph'] as const) {
    it(`${where}: a cluster the bucket does not hold is refused, naming those it holds`, async () => {
      const { args } = await bucketArgs(where, true);
      const outDir = await tempDir();
      // A file:// bucket without --cluster-id reads cluster "default".
      const clusters = where === 'folder' ? [[], ['--cluster-id', 'cluster-2']] : [['--cluster-id', 'cluster-2']];
      for (const cluster of clusters) {
        for (const command of [['points'], ['meta'], ['list'], ['restore', '--out', 'y.db']]) {
          const [name = '', ...rest] = command;
          const out = rest.map((a) => (a === 'y.db' ? join(outDir, a) : a));
          const run = await runCli([name, await tempDir(), ...args, ...cluster, ...out], env);
          expect(run.code, `${name} ${cluster.join(' ')}`).toBe(1);
          expect(run.err).toMatch(/REMOTE_NOT_FOUND: .* holds no libsql-wal cluster ".*"; it holds "cluster-1"/);
        }
      }
    });
  }
});
