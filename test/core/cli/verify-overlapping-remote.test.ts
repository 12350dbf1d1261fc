import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { runCli } from '../../support/cli.js';
import { copyVector } from '../../support/real-data.js';
import { bucketOfFolder } from '../../support/s3-fixtures.js';
import { S3_CREDENTIALS } from '../../support/s3-server.js';
import { buildSegment, fileRemoteFolder, keyFor, tempDir } from '../../support/segments.js';

/**
 * A bucket holding two segments that overlap (1..29 and a compaction 1..55 beside it): verify
 * --remote reads both, so a damage to either fails it, whichever the by-frame lookup would pick.
 */
const endpoint = inject('s3Endpoint');
const env = { AWS_ACCESS_KEY_ID: S3_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: S3_CREDENTIALS.secretAccessKey };
const CLUSTER = 'cluster-1';

type Where = 'folder' | 'ceph';
type Layout = 'seed-bucket' | 'libsql-wal';

/** The folder's segments of the namespace, and the bucket filled with 1..29 and 1..55 in the layout. */
async function overlappingBucket(layout: Layout): Promise<{ bucket: string; segments: string }> {
  if (layout === 'seed-bucket') {
    const bucket = await tempDir();
    const segments = await fileRemoteFolder(bucket, CLUSTER);
    for (const [start, end] of [
      [1n, 29n],
      [1n, 55n],
    ] as const)
      await writeFile(join(segments, keyFor(start, end)), buildSegment({ start, end }));
    return { bucket, segments };
  }
  // bucket-v1 holds 1..29, 30..55, 56..90, 91..107: a compaction of 1..55 is stored beside them.
  const bucket = await copyVector('bucket-v1');
  const compacted = join(await tempDir(), keyFor(1n, 55n));
  await writeFile(compacted, buildSegment({ start: 1n, end: 55n }));
  const remote = ['--remote', `file://${bucket}`, '--cluster-id', CLUSTER];
  const stored = await runCli(['store', compacted, '--dir', await tempDir(), ...remote]);
  expect(stored.code, stored.err).toBe(0);
  return { bucket, segments: join(bucket, `v2/clusters/${CLUSTER}/namespaces/default/segments`) };
}

/** The bucket's segment object of frames start..end, by the key its layout stores it under. */
async function objectOf(layout: Layout, segments: string, end: bigint): Promise<string> {
  const names = await readdir(segments);
  const pad = (n: bigint) => String(n).padStart(20, '0');
  const found =
    layout === 'seed-bucket'
      ? names.find((n) => n === keyFor(1n, end))
      : names.find((n) => n.startsWith(`${(1n << 64n) - 1n - end}-${pad(1n)}-`));
  if (found === undefined) throw new Error(`no segment 1..${end} in ${segments}`);
  return join(segments, found);
}

async function flipByte(path: string): Promise<void> {
  const bytes = await readFile(path);
  bytes[5000] = (bytes[5000] ?? 0) ^ 0xff;
  await writeFile(path, bytes);
}

async function remoteArgs(where: Where, bucket: string): Promise<string[]> {
  if (where === 'folder') return ['--remote', `file://${bucket}`, '--cluster-id', CLUSTER];
  const name = await bucketOfFolder(endpoint, bucket, 'overlap');
  return ['--remote', `s3://${name}`, '--endpoint', endpoint, '--cluster-id', CLUSTER];
}

type Rows = { ok: boolean; segments: { file: string; ok: boolean }[] };

describe('verify --remote of a bucket holding overlapping segments', () => {
  for (const layout of ['seed-bucket', 'libsql-wal'] as const) {
    for (const where of ['folder', 'ceph'] as const) {
      it(`${layout}, ${where}: a damage to either of two overlapping segments fails verify`, async () => {
        const sound = await overlappingBucket(layout);
        const good = await runCli(
          ['verify', await tempDir(), ...(await remoteArgs(where, sound.bucket)), '--json'],
          env,
        );
        expect(good.code, good.err + good.out).toBe(0);
        // Each segment row's range, of those that failed or of all.
        const ranges = (out: string, failed: boolean) =>
          (JSON.parse(out) as Rows).segments
            .filter((r) => r.file.endsWith('.segment') && (!failed || !r.ok))
            .map((r) => r.file.split('-', 2).map(BigInt));
        expect(ranges(good.out, false).filter(([start]) => start === 1n)).toEqual([
          [1n, 29n],
          [1n, 55n],
        ]);
        for (const end of [29n, 55n]) {
          const { bucket, segments } = await overlappingBucket(layout);
          await flipByte(await objectOf(layout, segments, end));
          const args = await remoteArgs(where, bucket);
          const bad = await runCli(['verify', await tempDir(), ...args, '--json'], env);
          expect(bad.code, `1..${end} damaged: ${bad.err}`).toBe(1);
          expect(ranges(bad.out, true)).toEqual([[1n, end]]);
        }
      });
    }
  }
});
