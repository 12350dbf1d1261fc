import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { runCli } from '../../support/cli.js';
import { LIBSQL_VECTORS, copyVector } from '../../support/real-data.js';
import { bucketOfFolder, plainClient, putObjects } from '../../support/s3-fixtures.js';
import { S3_CREDENTIALS } from '../../support/s3-server.js';
import { tempDir } from '../../support/segments.js';

/**
 * What a libsql-wal bucket holds, not what a cache folder kept of it, is what verify --remote
 * checks and a restore reads: as a folder laid out like a bucket and through Ceph.
 */
const endpoint = inject('s3Endpoint');
const env = { AWS_ACCESS_KEY_ID: S3_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: S3_CREDENTIALS.secretAccessKey };
const NS = 'v2/clusters/cluster-1/namespaces/default';
const OBJECT_56 = `${NS}/segments/18446744073709551525-00000000000000000056-00000001720000120000`;
const KEY_56 = '0000000000000000056-0000000000000000090-0000000001720000120.segment';
const DATA_WAL = join(LIBSQL_VECTORS, 'sqld/dbs/default/data-wal');

type Where = 'folder' | 'ceph';

/** A bucket made of a folder's files, the options that read it, and a way to replace one of its objects. */
interface Bucket {
  args: string[];
  put(key: string, bytes: Uint8Array): Promise<void>;
}

async function bucketOf(where: Where, dir: string): Promise<Bucket> {
  const own = ['--cluster-id', 'cluster-1'];
  if (where === 'folder')
    return { args: ['--remote', `file://${dir}`, ...own], put: (key, bytes) => writeFile(join(dir, key), bytes) };
  const name = await bucketOfFolder(endpoint, dir, 'truth');
  const client = plainClient(endpoint);
  return {
    args: ['--remote', `s3://${name}`, '--endpoint', endpoint, ...own],
    put: (key, body) => putObjects(client, name, [{ key, body }]),
  };
}

/** The bytes with one flipped well past the header: the segment's checksum chain breaks there. */
function flipped(bytes: Uint8Array): Uint8Array {
  const copy = Uint8Array.from(bytes);
  copy[30000] = (copy[30000] ?? 0) ^ 0xff;
  return copy;
}

type Rows = { ok: boolean; segments: { file: string; ok: boolean; problems: { code: string; severity: string }[] }[] };
const failedRows = (out: string) =>
  (JSON.parse(out) as Rows).segments.filter((r) => !r.ok).map((r) => [r.file, r.problems.map((p) => p.code)]);

describe("a remote's cache never makes a verify or a restore quietly wrong", () => {
  for (const where of ['folder', 'ceph'] as const) {
    it(`${where}: verify --remote checks the bucket's objects, not the copies cached before they changed`, async () => {
      const dir = await copyVector('bucket-v1');
      const good = new Uint8Array(await readFile(join(dir, OBJECT_56)));
      const bucket = await bucketOf(where, dir);
      const cache = await tempDir();
      const filled = await runCli(['restore', cache, ...bucket.args, '--out', join(await tempDir(), 'a.db')], env);
      expect(filled.code, filled.err).toBe(0);
      expect(await readdir(join(cache, 'segments'))).toContain(KEY_56);
      await bucket.put(OBJECT_56, flipped(good));
      const bad = await runCli(['verify', cache, ...bucket.args, '--json'], env);
      expect(bad.code, bad.err).toBe(1);
      expect(failedRows(bad.out)).toEqual([[`${KEY_56} (the remote's object)`, ['CHAIN_BROKEN']]]);
      const text = await runCli(['verify', cache, ...bucket.args], env);
      expect(text.code).toBe(1);
      expect(text.out).toMatch(new RegExp(`FAILED  ${KEY_56} \\(the remote's object\\)\n +CHAIN_BROKEN: `));
      await bucket.put(OBJECT_56, good);
      const mended = await runCli(['verify', cache, ...bucket.args, '--json'], env);
      expect(mended.code, mended.out).toBe(0);
    });
  }

  for (const where of ['folder', 'ceph'] as const) {
    it(`${where}: a download failing its checks is not kept; a damaged cached copy is named as one`, async () => {
      const dir = await copyVector('bucket-v1');
      const good = new Uint8Array(await readFile(join(dir, OBJECT_56)));
      const bucket = await bucketOf(where, dir);
      await bucket.put(OBJECT_56, flipped(good));
      const cache = await tempDir();
      const restore = async () =>
        runCli(['restore', cache, ...bucket.args, '--out', join(await tempDir(), 'r.db')], env);
      const refused = await restore();
      expect(refused.code).toBe(1);
      expect(refused.err).toMatch(new RegExp(`^segscope: CHAIN_BROKEN: the remote's ${KEY_56} \\(.*the download was`));
      expect(await readdir(join(cache, 'segments'))).not.toContain(KEY_56);
      await bucket.put(OBJECT_56, good);
      const restored = await restore();
      expect(restored.code, restored.err).toBe(0);
      const verified = await runCli(['verify', cache, ...bucket.args], env);
      expect(verified.code, verified.out).toBe(0);
      // The copy on this disk damaged since: the refusal says it is the cache's copy, and where.
      const cached = join(cache, 'segments', KEY_56);
      await writeFile(cached, flipped(await readFile(cached)));
      const local = await restore();
      expect(local.code).toBe(1);
      expect(local.err).toContain(`CHAIN_BROKEN: the cached copy at ${cached} of ${KEY_56} (from `);
    });
  }

  for (const where of ['folder', 'ceph'] as const) {
    it(`${where}: a bucket Segscope stored into verifies, its index objects against the objects`, async () => {
      const bucket = await bucketOf(where, await tempDir());
      const prefix = await tempDir();
      const sealed = ['00000000000000000030.seg', '00000000000000000056.seg'].map((f) => join(DATA_WAL, f));
      const stored = await runCli(['store', ...sealed, '--dir', prefix, ...bucket.args], env);
      expect(stored.code, stored.err).toBe(0);
      const verified = await runCli(['verify', prefix, ...bucket.args, '--json'], env);
      // Frames 1..29 are in the data file, not stored: the chain's gap is the only finding.
      expect(failedRows(verified.out)).toEqual([['(chain of segments)', ['CHAIN_GAP']]]);
      const rows = (JSON.parse(verified.out) as Rows).segments;
      expect(rows.filter((r) => r.file.startsWith('indexes/')).map((r) => r.ok)).toEqual([true, true]);
      expect(rows.filter((r) => r.file.endsWith("(the remote's object)"))).toHaveLength(2);
      const list = await runCli(['list', prefix, ...bucket.args, '--json'], env);
      const listed = (JSON.parse(list.out) as { segments: { location: string; status: string }[] }).segments;
      expect(listed.map((s) => [s.location, s.status])).toEqual([
        ['both', 'ok'],
        ['both', 'ok'],
      ]);
    });
  }
});
