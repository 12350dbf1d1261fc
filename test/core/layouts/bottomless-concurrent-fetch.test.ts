import { DeleteObjectCommand } from '@aws-sdk/client-s3';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { BottomlessLayout } from '../../../core/layouts/bottomless-layout.js';
import { restoreBottomless } from '../../../core/restore/bottomless-restore.js';
import { filesEqual } from '../../../core/storage/files-equal.js';
import { S3ObjectStore } from '../../../core/storage/s3-object-store.js';
import { type BottomlessFixture, uploadBottomlessGeneration } from '../../support/bottomless-s3-fixture.js';
import { startCuttingProxy } from '../../support/cutting-proxy.js';
import { startDelayProxy } from '../../support/delay-proxy.js';
import { createBucket, plainClient, s3Settings, uniqueBucket } from '../../support/s3-fixtures.js';
import { tempDir } from '../../support/segments.js';

const endpoint = inject('s3Endpoint');
const port = Number(new URL(endpoint).port);
const BATCHES = 200;

/** A layout over the bucket at `at` (the gateway or a proxy in front of it). */
function layoutAt(bucket: string, at: string): BottomlessLayout {
  return new BottomlessLayout(`s3://${bucket}`, new S3ObjectStore(s3Settings(at, bucket, { clusterId: '' })));
}

/** Restores the namespace into a fresh folder; the folder's entries afterwards tell what was written. */
async function restoreInto(layout: BottomlessLayout) {
  const dir = await tempDir();
  const out = join(dir, 'restored.db');
  const outcome = await restoreBottomless(layout.bucket, await layout.backup('default'), {
    out,
    allowGaps: false,
    durable: false,
  }).then(
    () => null,
    (error: unknown) => error,
  );
  return { out, outcome, left: await readdir(dir) };
}

describe('bottomless over S3: batches fetched concurrently, applied in order', () => {
  let bucket = '';
  let fixture: BottomlessFixture;
  let batchKeys: string[] = [];
  const cleanups: (() => Promise<void>)[] = [];
  beforeAll(async () => {
    bucket = uniqueBucket('bottomless-fetch');
    const dir = await mkdtemp(join(tmpdir(), 'segscope-test-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const client = plainClient(endpoint);
    cleanups.push(async () => client.destroy());
    await createBucket(client, bucket);
    // Rows of random text, so that every batch is kilobytes as stored and a cut can fall inside its body.
    const row = () => randomBytes(1500).toString('base64');
    fixture = await uploadBottomlessGeneration(client, bucket, dir, BATCHES, row);
    batchKeys = fixture.keys.slice(1);
  }, 120_000);
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('answers arriving out of order still rebuild exactly the database SQLite wrote', async () => {
    // Up to 25 ms more on each answer: batches asked later often arrive first.
    const proxy = await startDelayProxy(port, 0, 25);
    cleanups.push(() => proxy.close());
    const layout = layoutAt(bucket, proxy.endpoint);
    cleanups.push(() => layout.close());
    const { out, outcome } = await restoreInto(layout);
    expect(outcome).toBeNull();
    expect(await filesEqual(fixture.finalDb, out)).toBe(true);
    const gets = proxy.requests.filter((r) => r.method === 'GET' && !r.target.includes('?'));
    // .meta, the snapshot, and each batch once.
    expect(gets).toHaveLength(BATCHES + 2);
  });

  it(
    'a batch gone from the middle after the listing stops ' + 'the restore with REMOTE_NOT_FOUND, nothing written',
    async () => {
      const layout = layoutAt(bucket, endpoint);
      cleanups.push(() => layout.close());
      await layout.backup('default');
      const gone = batchKeys[BATCHES / 2] ?? '';
      const client = plainClient(endpoint);
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: gone }));
      client.destroy();
      const { outcome, left } = await restoreInto(layout);
      expect(outcome).toMatchObject({ code: 'REMOTE_NOT_FOUND', message: expect.stringContaining(gone) });
      expect(left).toEqual([]);
    },
  );

  it('a batch whose body ends short stops the restore with REMOTE_UNAVAILABLE naming it, nothing written', async () => {
    const fresh = uniqueBucket('bottomless-cut');
    const client = plainClient(endpoint);
    await createBucket(client, fresh);
    const row = () => randomBytes(1500).toString('base64');
    const own = await uploadBottomlessGeneration(client, fresh, await tempDir(), 40, row);
    client.destroy();
    const proxy = await startCuttingProxy(port);
    cleanups.push(() => proxy.close());
    const layout = layoutAt(fresh, proxy.endpoint);
    cleanups.push(() => layout.close());
    await layout.backup('default');
    const victim = own.keys[20] ?? '';
    const name = victim.split('/').at(-1) ?? '';
    // Past the answer's headers (a few hundred bytes), inside a body of kilobytes.
    proxy.cutNextResponseAfter(1200, name);
    const { outcome, left } = await restoreInto(layout);
    expect(outcome).toMatchObject({ code: 'REMOTE_UNAVAILABLE', message: expect.stringContaining(name) });
    expect(left).toEqual([]);
  });
});
