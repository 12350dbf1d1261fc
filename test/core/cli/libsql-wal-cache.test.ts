import { cp, readFile, readdir, writeFile } from 'node:fs/promises';
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

/** A bucket of bucket-v1's objects (or none), `damage` done to its folder first, and the options that read it. */
async function bucketArgs(
  where: Where,
  filled: boolean,
  damage?: (dir: string) => Promise<void>,
): Promise<{ url: string; args: string[] }> {
  const path = filled ? await copyVector('bucket-v1') : await tempDir();
  await damage?.(path);
  if (where === 'folder') return { url: `file://${path}`, args: ['--remote', `file://${path}`] };
  const bucket = await bucketOfFolder(endpoint, path, 'cache');
  return { url: `s3://${bucket}`, args: ['--remote', `s3://${bucket}`, '--endpoint', endpoint] };
}

/** Flips one byte of the bucket's segment of frames 30..55, past its header. */
async function flipSegmentByte(dir: string): Promise<void> {
  const segments = join(dir, 'v2/clusters/cluster-1/namespaces/default/segments');
  const name = (await readdir(segments)).find((n) => n.startsWith('18446744073709551560-')) ?? '';
  const bytes = await readFile(join(segments, name));
  bytes[5000] = (bytes[5000] ?? 0) ^ 0xff;
  await writeFile(join(segments, name), bytes);
}

const INDEXES = 'v2/clusters/cluster-1/namespaces/default/indexes';
const INDEX_1_29 = '18446744073709551586-00000000000000000001-00000001720000000000';
const INDEX_30_55 = '18446744073709551560-00000000000000000030-00000001720000060000';
const INDEX_56_90 = '18446744073709551525-00000000000000000056-00000001720000120000';

/** Two index objects the bucket's segments contradict: one byte of 56..90's fst flipped, 30..55's that of 1..29. */
async function damageIndexes(dir: string): Promise<void> {
  const flipped = join(dir, INDEXES, INDEX_56_90);
  const bytes = await readFile(flipped);
  bytes[30] = (bytes[30] ?? 0) ^ 0xff;
  await writeFile(flipped, bytes);
  await cp(join(dir, INDEXES, INDEX_1_29), join(dir, INDEXES, INDEX_30_55));
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
      for (const cluster of [['--cluster-id', 'cluster-2']]) {
        for (const command of [['points'], ['verify'], ['meta'], ['list'], ['restore', '--out', 'y.db']]) {
          const [name = '', ...rest] = command;
          const out = rest.map((a) => (a === 'y.db' ? join(outDir, a) : a));
          const run = await runCli([name, await tempDir(), ...args, ...cluster, ...out], env);
          expect(run.code, `${name} ${cluster.join(' ')}`).toBe(2);
          expect(run.err).toMatch(/REMOTE_NOT_FOUND: .* holds no libsql-wal cluster ".*"; it holds "cluster-1"/);
        }
      }
    });
  }

  for (const where of ['folder', 'ceph'] as const) {
    it(`${where}: without --cluster-id the only cluster is read; of several, they are named`, async () => {
      const one = await bucketArgs(where, true);
      const meta = await runCli(['meta', await tempDir(), ...one.args], env);
      expect(meta.code, meta.err).toBe(0);
      expect(meta.out).toBe('namespace default: max frame 107\n');
      const two = await bucketArgs(where, true, (dir) =>
        cp(join(dir, 'v2/clusters/cluster-1'), join(dir, 'v2/clusters/cluster-2'), { recursive: true }),
      );
      for (const command of [['meta'], ['verify'], ['restore', '--out', join(await tempDir(), 'z.db')]]) {
        const run = await runCli([...command.slice(0, 1), await tempDir(), ...two.args, ...command.slice(1)], env);
        expect(run.code, command[0]).toBe(2);
        expect(run.err).toMatch(
          /^segscope: INVALID_ARGUMENT: \S+ holds libsql-wal clusters "cluster-1", "cluster-2": /,
        );
        expect(run.err).toMatch(/: name one with --cluster-id\n$/);
      }
      const named = await runCli(['meta', await tempDir(), ...two.args, '--cluster-id', 'cluster-2'], env);
      expect(named.code, named.err).toBe(0);
    });
  }

  for (const where of ['folder', 'ceph'] as const) {
    it(`${where}: verify reads each index object against the segment it names`, async () => {
      type Rows = { ok: boolean; segments: { file: string; ok: boolean; problems: { code: string }[] }[] };
      const indexRows = (out: string) =>
        (JSON.parse(out) as Rows).segments
          .filter((r) => r.file.startsWith('indexes/'))
          .map((r) => [r.file.slice('indexes/'.length), r.ok, r.problems.map((p) => p.code)]);
      const own = ['--cluster-id', 'cluster-1', '--json'];
      const sound = await bucketArgs(where, true);
      const good = await runCli(['verify', await tempDir(), ...sound.args, ...own], env);
      expect(good.code, good.err).toBe(0);
      expect(indexRows(good.out)).toHaveLength(4);
      expect(indexRows(good.out).every(([, ok]) => ok)).toBe(true);
      const damaged = await bucketArgs(where, true, damageIndexes);
      const bad = await runCli(['verify', await tempDir(), ...damaged.args, ...own], env);
      expect(bad.code, bad.err).toBe(1);
      expect((JSON.parse(bad.out) as Rows).ok).toBe(false);
      expect(indexRows(bad.out).filter(([, ok]) => !ok)).toEqual([
        [INDEX_56_90, false, ['INDEX_CHECKSUM']],
        [INDEX_30_55, false, ['INDEX_MISMATCH']],
      ]);
      const text = await runCli(['verify', await tempDir(), ...damaged.args, '--cluster-id', 'cluster-1'], env);
      expect(text.out).toMatch(new RegExp(`FAILED  indexes/${INDEX_30_55}\n +INDEX_MISMATCH: the index maps page `));
    });
  }

  for (const where of ['folder', 'ceph'] as const) {
    it(`${where}: verify reads the bucket's segments, not only those cached`, async () => {
      const sound = await bucketArgs(where, true);
      const own = ['--cluster-id', 'cluster-1', '--json'];
      const good = await runCli(['verify', await tempDir(), ...sound.args, ...own], env);
      expect(good.code, good.err).toBe(0);
      const files = (out: string) => (JSON.parse(out) as { segments: { file: string }[] }).segments.map((r) => r.file);
      expect(files(good.out).filter((f) => f.endsWith('.segment'))).toHaveLength(4);
      const damaged = await bucketArgs(where, true, flipSegmentByte);
      const cache = await tempDir();
      const bad = await runCli(['verify', cache, ...damaged.args, ...own], env);
      expect(bad.code).toBe(1);
      const result = JSON.parse(bad.out) as { ok: boolean; segments: { file: string; ok: boolean }[] };
      expect(result.ok).toBe(false);
      expect(files(bad.out).filter((f) => f.endsWith('.segment'))).toHaveLength(4);
      expect(result.segments.filter((s) => !s.ok && s.file.endsWith('.segment')).map((s) => s.file)).toEqual([
        '0000000000000000030-0000000000000000055-0000000001720000060.segment',
      ]);
      // Run again with everything cached: the same finding, nothing passed for having been fetched.
      expect((await runCli(['verify', cache, ...damaged.args, ...own], env)).code).toBe(1);
    });
  }
});
