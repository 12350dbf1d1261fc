import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, inject, it, onTestFinished } from 'vitest';
import { createSegscopeApi } from '../../../core/api/api.js';
import type { SegscopeApi } from '../../../core/api/api-contract.js';
import { invokeApi } from '../../../core/api/schemas.js';
import type { ListResult } from '../../../core/model/results.js';
import { type BottomlessCommit, writeBottomlessBucket } from '../../../core/workload/bottomless-writer.js';
import { sampleDigest } from '../../support/bottomless-vectors.js';
import { startCuttingProxy } from '../../support/cutting-proxy.js';
import { bucketOfFolder, s3Settings } from '../../support/s3-fixtures.js';
import { tempDir } from '../../support/segments.js';
import { workloadTransactions } from '../../support/workload.js';

const endpoint = inject('s3Endpoint');
const DB_NAME = 'ns-:default';

/** The project's writer's bucket of a random workload in three generations, put into Ceph. */
async function writerBucketInCeph(
  seed: number,
  compression: 'gz' | 'raw' = 'gz',
): Promise<{ bucket: string; commits: BottomlessCommit[] }> {
  const txs = await workloadTransactions({ seed, transactions: 24, rowsPerTransaction: 5 });
  const third = Math.ceil(txs.length / 3);
  const root = join(await tempDir(), 'bucket');
  const written = await writeBottomlessBucket({
    root,
    dbName: DB_NAME,
    generations: [txs.slice(0, third), txs.slice(third, 2 * third), txs.slice(2 * third)],
    framesPerBatch: 5,
    compression,
    firstCreatedMs: 1_728_000_000_000n,
    snapshotEvery: 2,
  });
  return { bucket: await bucketOfFolder(endpoint, root, 'writer'), commits: written.commits };
}

/**
 * The API on a bottomless S3 bucket (through `via`, Ceph's own endpoint or a proxy before it), ended after
 * the test.
 */
async function apiOn(bucket: string, via = endpoint): Promise<SegscopeApi> {
  const stop = new AbortController();
  onTestFinished(() => stop.abort());
  const remote = { ...s3Settings(via, bucket, { clusterId: '' }), layout: 'bottomless' as const };
  return createSegscopeApi({ dir: await tempDir(), layout: null, namespace: null, remote }, { signal: stop.signal });
}

async function digestOf(image: Uint8Array | null): Promise<string> {
  const path = join(await tempDir(), 'expected.db');
  await writeFile(path, image ?? new Uint8Array(0));
  return sampleDigest(path);
}

describe("the project's writer's bottomless bucket in Ceph, read through the API", () => {
  it('restores at every commit and every flush second equal SQLite rows of the workload at that point', async () => {
    const { bucket, commits } = await writerBucketInCeph(31);
    const api = await apiOn(bucket);
    const out = await tempDir();
    for (const [i, c] of commits.entries()) {
      const target = join(out, `c${i}.db`);
      const result = await invokeApi(api, 'restore', {
        out: target,
        generation: c.generation,
        untilFrameNo: BigInt(c.frameNo),
      });
      expect(result).toMatchObject({ generation: c.generation, untilFrameNo: BigInt(c.frameNo) });
      expect(sampleDigest(target), `commit ${i}`).toBe(await digestOf(c.image));
    }
    for (const secs of new Set(commits.map((c) => c.flushedSecs))) {
      const last = commits.filter((c) => c.flushedSecs <= secs).at(-1);
      const target = join(out, `t${secs}.db`);
      await invokeApi(api, 'restore', { out: target, untilTime: new Date(secs * 1000).toISOString() });
      expect(sampleDigest(target), `time ${secs}`).toBe(await digestOf(last?.image ?? null));
    }
  }, 240_000);

  it(
    'a batch whose body stalls: REMOTE_UNAVAILABLE once the body has gone quiet ' + 'past the budget, nothing written',
    async () => {
      // Raw batches of 5 frames are 20 KiB: the stall comes well after the response's headers.
      const { bucket } = await writerBucketInCeph(33, 'raw');
      const proxy = await startCuttingProxy(Number(new URL(endpoint).port));
      onTestFinished(() => proxy.close());
      const api = await apiOn(bucket, proxy.endpoint);
      const list = (await invokeApi(api, 'list', {})) as ListResult;
      const victim = list.segments.at(-1);
      if (!victim) throw new Error('no batch');
      proxy.stallNextResponseAfter(4000, victim.file.slice(victim.file.lastIndexOf('/') + 1));
      const out = await tempDir();
      const started = Date.now();
      await expect(invokeApi(api, 'restore', { out: join(out, 'db.sqlite') })).rejects.toMatchObject({
        code: 'REMOTE_UNAVAILABLE',
        message: expect.stringContaining(victim.file),
      });
      expect(Date.now() - started).toBeLessThan(35_000);
      expect(await readdir(out)).toEqual([]);
    },
    120_000,
  );
});
