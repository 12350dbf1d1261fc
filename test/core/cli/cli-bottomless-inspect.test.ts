import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { createSegscopeApi } from '../../../core/api/api.js';
import { invokeApi } from '../../../core/api/schemas.js';
import type { InspectResult, ListResult } from '../../../core/model/results.js';
import { bottomlessBucket } from '../../support/bottomless-vectors.js';
import { runCli } from '../../support/cli.js';
import { bucketOfFolder, s3Settings } from '../../support/s3-fixtures.js';
import { S3_CREDENTIALS } from '../../support/s3-server.js';
import { tempDir } from '../../support/segments.js';

const endpoint = inject('s3Endpoint');
const env = { AWS_ACCESS_KEY_ID: S3_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: S3_CREDENTIALS.secretAccessKey };

/** An inspect document without the name it was asked by (a path here, a key there). */
function withoutFile(json: string): Omit<InspectResult, 'file'> {
  const doc = JSON.parse(json) as Partial<InspectResult>;
  delete doc.file;
  return doc as Omit<InspectResult, 'file'>;
}

for (const where of ['file', 'ceph'] as const) {
  describe(`inspect --remote of a bottomless object by key (${where})`, () => {
    const { dir, manifest } = bottomlessBucket('zstd');
    const g = manifest.generations.find((x) => x.snapshot !== null && x.batches.length > 2);
    const batch = g?.batches[2];
    if (!g || !batch) throw new Error('the sample has a generation with a snapshot and three batches');
    const folder = `${manifest.db_name}-${g.uuid}`;
    const remote = async (): Promise<string[]> =>
      where === 'file'
        ? ['--remote', `file://${dir}`]
        : ['--remote', `s3://${await bucketOfFolder(endpoint, dir, 'inspect')}`, '--endpoint', endpoint];

    it('a batch, the snapshot and .meta read by key equal the same files inspected on disk', async () => {
      const args = await remote();
      for (const name of [batch.key, 'db.zstd', '.meta']) {
        const byKey = await runCli(['inspect', `${folder}/${name}`, ...args, '--frames', '--json'], env);
        expect(byKey.code, byKey.err).toBe(0);
        const onDisk = await runCli(['inspect', join(dir, folder, name), '--frames', '--json']);
        expect(onDisk.code, onDisk.err).toBe(0);
        expect(withoutFile(byKey.out)).toEqual(withoutFile(onDisk.out));
      }
      const text = await runCli(['inspect', `${folder}/${batch.key}`, ...args, '--frames'], env);
      expect(text.out).toMatch(/^chainSeed: from \.meta and 2 earlier batch\(es\)$/m);
      expect(text.out).toMatch(new RegExp(`^frame 0: page \\d+, frame ${batch.first}, size after \\d+, salts 0x`, 'm'));
    });

    it(
      'a key that is not there: NOT_FOUND; a key that is ' + 'no bottomless object: INVALID_ARGUMENT (exit 2)',
      async () => {
        const args = await remote();
        const missing = await runCli(['inspect', `${folder}/000000000999-000000001000-1700000000.zstd`, ...args], env);
        expect(missing.code).toBe(2);
        expect(missing.err).toMatch(/^segscope: NOT_FOUND: .*segscope list/);
        const other = await runCli(['inspect', `${folder}/notes.txt`, ...args], env);
        expect(other.code).toBe(2);
        expect(other.err).toMatch(/^segscope: INVALID_ARGUMENT: .*no object of a bottomless generation/);
      },
    );
  });
}

describe('the API inspects a bottomless row of an S3 bucket by its key', () => {
  it('list then inspect each kind of row: frames and chain read through the bucket', async () => {
    const { dir } = bottomlessBucket('gz');
    const bucket = await bucketOfFolder(endpoint, dir, 'inspect-api');
    const remote = { ...s3Settings(endpoint, bucket, { clusterId: '' }), layout: 'bottomless' as const };
    const api = createSegscopeApi({ dir: await tempDir(), layout: null, namespace: null, remote });
    const list = (await invokeApi(api, 'list', {})) as ListResult;
    const rows = list.segments.filter((_, i) => i % 7 === 0);
    expect(rows.length).toBeGreaterThan(2);
    for (const row of rows) {
      const r = (await invokeApi(api, 'inspect', { file: row.file, frames: true })) as InspectResult;
      expect(r).toMatchObject({ file: row.file, format: 'bottomless-batch', nameAgrees: true, problems: [] });
      expect(r.checksum.ok).toBe(true);
      expect(r.frames).toHaveLength(Number(row.endFrameNo - row.startFrameNo) + 1);
    }
    await expect(invokeApi(api, 'inspect', { file: '../escape/x.gz' })).rejects.toThrow();
  });
});
