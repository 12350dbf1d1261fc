import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { runCli } from '../../support/cli.js';
import { bucketOfFolder } from '../../support/s3-fixtures.js';
import { S3_CREDENTIALS } from '../../support/s3-server.js';
import { buildSegment, fileRemoteFolder, keyFor, tempDir, writeSegmentDir } from '../../support/segments.js';

/**
 * `namespaces` beside a seed-bucket remote lists the bucket's namespaces with the local ones:
 * each with where it is (local, remote, both), over a folder laid out like the bucket and over S3.
 */
const endpoint = inject('s3Endpoint');
const env = { AWS_ACCESS_KEY_ID: S3_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: S3_CREDENTIALS.secretAccessKey };
const CLUSTER = 'cluster-1';

interface NamespacesJson {
  namespaces: { name: string; segments: number; location: string; kind?: string; maxFrameNo: number | null }[];
  unrecognized: { file: string; code: string }[];
}

async function putSegments(folder: string, ranges: readonly (readonly [bigint, bigint])[]): Promise<void> {
  for (const [start, end] of ranges) await writeFile(join(folder, keyFor(start, end)), buildSegment({ start, end }));
}

/**
 * A local seed folder holding `default` (1..10) and `mine` (1..5); a bucket holding `default`
 * (1..10, 11..20), `theirs` (1..7), another cluster's `elsewhere`, and a folder whose name breaks
 * the namespace rule.
 */
async function folders(): Promise<{ local: string; bucket: string }> {
  const local = await tempDir();
  await writeSegmentDir(local, [{ start: 1n, end: 10n }]);
  await writeSegmentDir(join(local, 'namespaces', 'mine'), [{ start: 1n, end: 5n }]);
  const bucket = await tempDir();
  await putSegments(await fileRemoteFolder(bucket, CLUSTER), [
    [1n, 10n],
    [11n, 20n],
  ]);
  await putSegments(await fileRemoteFolder(bucket, CLUSTER, 'theirs'), [[1n, 7n]]);
  await putSegments(await fileRemoteFolder(bucket, 'cluster-2', 'elsewhere'), [[1n, 3n]]);
  const badName = join(bucket, `ns-${CLUSTER}:not a name-v2`, 'segments');
  await mkdir(badName, { recursive: true });
  await putSegments(badName, [[1n, 4n]]);
  return { local, bucket };
}

describe('namespaces with a seed-bucket remote', () => {
  for (const where of ['folder', 'ceph'] as const) {
    it(`${where}: a namespace only the bucket holds is listed as remote, one both hold as both`, async () => {
      const { local, bucket } = await folders();
      const remote =
        where === 'folder'
          ? ['--remote', `file://${bucket}`]
          : ['--remote', `s3://${await bucketOfFolder(endpoint, bucket, 'seed-ns')}`, '--endpoint', endpoint];
      const args = [...remote, '--remote-layout', 'seed-bucket', '--cluster-id', CLUSTER, '--json'];
      const run = await runCli(['namespaces', local, ...args], env);
      expect(run.code, run.err).toBe(0);
      const doc = JSON.parse(run.out) as NamespacesJson;
      expect(doc.namespaces.map((n) => [n.name, n.location, n.segments, n.maxFrameNo, n.kind])).toEqual([
        ['default', 'both', 2, 20, 'seed'],
        ['mine', 'local', 1, 5, 'seed'],
        ['theirs', 'remote', 1, 7, 'seed'],
      ]);
      // And the bucket's namespace lists as any other, its segment a row of the bucket's.
      const listed = await runCli(['list', local, '--namespace', 'theirs', ...args], env);
      expect(listed.code, listed.err).toBe(0);
      const rows = (JSON.parse(listed.out) as { segments: { file: string; location: string }[] }).segments;
      expect(rows.map((r) => [r.file, r.location])).toEqual([[keyFor(1n, 7n), 'remote']]);
      // The folder whose name no namespace can have is named, not read.
      expect(doc.unrecognized).toContainEqual(
        expect.objectContaining({ file: `ns-${CLUSTER}:not a name-v2/`, code: 'UNKNOWN_LAYOUT' }),
      );
    });
  }
});
