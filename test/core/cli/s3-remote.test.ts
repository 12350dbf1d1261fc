import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { FsBackend } from '../../../core/backend/fs-backend.js';
import { seedBucketOnS3 } from '../../support/seed-bucket.js';
import type { SeedBucketRemote } from '../../../core/layouts/seed-bucket-remote.js';
import { startCuttingProxy } from '../../support/cutting-proxy.js';
import { createBucket, plainClient, putObjects, s3Settings, uniqueBucket } from '../../support/s3-fixtures.js';
import { type RunningS3Server, S3_CREDENTIALS, startS3Server, stopS3Servers } from '../../support/s3-server.js';
import { runCli } from '../../support/cli.js';
import { buildSegment, keyFor, tempDir } from '../../support/segments.js';

const endpoint = inject('s3Endpoint');
const client = plainClient(endpoint);
const PREFIX = 'ns-cluster-1:default-v2/segments';

async function bucketWith(
  label: string,
  segments: { start: bigint; end: bigint }[] = [],
): Promise<{ bucket: string; bodies: Map<string, Uint8Array> }> {
  const bucket = uniqueBucket(label);
  await createBucket(client, bucket);
  const bodies = new Map<string, Uint8Array>();
  for (const s of segments) bodies.set(keyFor(s.start, s.end), buildSegment(s));
  await putObjects(
    client,
    bucket,
    [...bodies].map(([key, body]) => ({ key: `${PREFIX}/${key}`, body })),
  );
  return { bucket, bodies };
}

async function backendOn(
  bucket: string,
  ep = endpoint,
  overrides = {},
): Promise<{ backend: FsBackend; prefix: string; remote: SeedBucketRemote }> {
  const prefix = await tempDir();
  await mkdir(join(prefix, 'segments'));
  const remote = seedBucketOnS3(s3Settings(ep, bucket, overrides), {
    maxAttempts: 2,
    connectTimeoutMs: 2000,
    requestTimeoutMs: 2000,
  });
  return { backend: new FsBackend({ prefix, remote }), prefix, remote };
}

describe('S3 remote against a real S3 server', () => {
  it('stores a segment locally and uploads it to the exact key libsql-wal uses', async () => {
    const { bucket } = await bucketWith('store');
    const { backend } = await backendOn(bucket);
    const bytes = buildSegment({ start: 1n, end: 9n });
    const stored = await backend.store('default', { bytes, name: keyFor(1n, 9n) });
    expect(stored.uploaded).toBe(true);
    const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: `${PREFIX}/${keyFor(1n, 9n)}` }));
    expect(new Uint8Array((await object.Body?.transformToByteArray()) ?? [])).toEqual(bytes);
    await backend.remote.close();
  });

  it('fetches a segment another client put there: finds it, caches it, links it, byte for byte', async () => {
    const { bucket, bodies } = await bucketWith('fetch', [
      { start: 1n, end: 10n },
      { start: 11n, end: 20n },
      { start: 21n, end: 30n },
    ]);
    const { backend, prefix } = await backendOn(bucket);
    for (const [frame, key] of [
      [11n, keyFor(11n, 20n)],
      [20n, keyFor(11n, 20n)],
      [1n, keyFor(1n, 10n)],
      [30n, keyFor(21n, 30n)],
    ] as const) {
      const dest = join(prefix, `out-${frame}`);
      const result = await backend.fetchSegment('default', frame, dest);
      expect(result.key).toBe(key);
      expect(new Uint8Array(await readFile(dest))).toEqual(bodies.get(key));
    }
    expect((await readdir(join(prefix, 'segments'))).sort()).toEqual([
      keyFor(1n, 10n),
      keyFor(11n, 20n),
      keyFor(21n, 30n),
    ]);
    await expect(backend.fetchSegment('default', 31n, join(prefix, 'none'))).rejects.toMatchObject({
      code: 'FRAME_NOT_FOUND',
    });
    await expect(backend.fetchSegment('default', 0n, join(prefix, 'none'))).rejects.toMatchObject({
      code: 'FRAME_NOT_FOUND',
    });
    await backend.remote.close();
  });

  it('skips and reports listed keys that are not segments, and refuses keys that would escape', async () => {
    const { bucket } = await bucketWith('junk', [{ start: 1n, end: 5n }]);
    await putObjects(client, bucket, [
      { key: `${PREFIX}/README.txt`, body: new Uint8Array(3) },
      { key: `${PREFIX}/nested/${keyFor(6n, 9n)}`, body: buildSegment({ start: 6n, end: 9n }) },
      { key: `${PREFIX}/../${keyFor(6n, 9n)}`, body: buildSegment({ start: 6n, end: 9n }) },
    ]);
    const { backend, prefix } = await backendOn(bucket);
    const listing = await backend.remote.list('default');
    expect(listing.segments.map((s) => s.key)).toEqual([keyFor(1n, 5n)]);
    expect(listing.unrecognized.map((u) => u.code).sort()).toEqual([
      'INVALID_SEGMENT_NAME',
      'UNSAFE_PATH',
      'UNSAFE_PATH',
    ]);
    await expect(backend.fetchSegment('default', 7n, join(prefix, 'x'))).rejects.toMatchObject({
      code: 'FRAME_NOT_FOUND',
    });
    expect(await readdir(join(prefix, 'segments'))).toEqual([]);
    await backend.remote.close();
  });

  it('answers wrong credentials with REMOTE_AUTH and a missing bucket with REMOTE_NOT_FOUND', async () => {
    const { bucket } = await bucketWith('auth', [{ start: 1n, end: 5n }]);
    // The gateway checks SigV4 signatures: a right key id with a wrong secret is refused too.
    for (const credentials of [
      { accessKeyId: 'NOT-A-KEY', secretAccessKey: 'whatever' },
      { accessKeyId: S3_CREDENTIALS.accessKeyId, secretAccessKey: 'not-the-secret' },
    ]) {
      const wrong = await backendOn(bucket, endpoint, credentials);
      await expect(wrong.backend.fetchSegment('default', 2n, join(wrong.prefix, 'x'))).rejects.toMatchObject({
        code: 'REMOTE_AUTH',
      });
      await expect(wrong.remote.check()).rejects.toMatchObject({
        code: 'REMOTE_AUTH',
        message: expect.stringMatching(/InvalidAccessKeyId|SignatureDoesNotMatch|HTTP 403/),
      });
      expect(await readdir(join(wrong.prefix, 'segments'))).toEqual([]);
    }
    const missing = await backendOn('no-such-bucket-here');
    await expect(missing.remote.check()).rejects.toMatchObject({ code: 'REMOTE_NOT_FOUND' });
    await expect(missing.remote.list('default')).rejects.toMatchObject({ code: 'REMOTE_NOT_FOUND' });
  });

  it('uses the cached listing: a warm lookup costs one small LIST and one GET', async () => {
    const segments = Array.from({ length: 2500 }, (_, i) => ({ start: BigInt(i * 10 + 1), end: BigInt(i * 10 + 10) }));
    const bucket = uniqueBucket('count');
    await createBucket(client, bucket);
    await putObjects(
      client,
      bucket,
      segments.map((s) => ({ key: `${PREFIX}/${keyFor(s.start, s.end)}`, body: new Uint8Array(0) })),
    );
    const server = new URL(endpoint);
    const proxy = await startCuttingProxy(Number(server.port));
    try {
      const remote = seedBucketOnS3(s3Settings(proxy.endpoint, bucket));
      const lists = () => proxy.requests.filter((r) => r.includes('list-type=2')).length;
      const gets = () => proxy.requests.filter((r) => r.startsWith('GET') && !r.includes('list-type=2')).length;
      (await remote.fetch('default', 5n))?.body.destroy();
      // Cold, frame in the first page: one LIST of 1,000 keys that already reaches past it.
      expect([lists(), gets()]).toEqual([1, 1]);
      (await remote.fetch('default', 24_995n))?.body.destroy();
      // Further on: resumes after the last key seen, two more pages.
      expect([lists(), gets()]).toEqual([3, 2]);
      (await remote.fetch('default', 12_345n))?.body.destroy();
      // Warm: one LIST for keys after the last seen (none new), one GET.
      expect([lists(), gets()]).toEqual([4, 3]);
      expect(proxy.requests.filter((r) => r.includes('start-after')).length).toBe(3);
      await remote.close();
    } finally {
      await proxy.close();
    }
  });

  it('leaves no partial file when the connection is cut mid-download, says so, and a retry succeeds', async () => {
    const { bucket, bodies } = await bucketWith('cut', [{ start: 1n, end: 40n }]);
    const server = new URL(endpoint);
    const proxy = await startCuttingProxy(Number(server.port));
    try {
      const { backend, prefix } = await backendOn(bucket, proxy.endpoint);
      await backend.remote.list('default');
      proxy.cutNextResponseAfter(20_000);
      const dest = join(prefix, 'out.segment');
      await expect(backend.fetchSegment('default', 3n, dest)).rejects.toMatchObject({
        code: 'REMOTE_UNAVAILABLE',
        message: expect.stringContaining('was cut'),
      });
      expect(await readdir(join(prefix, 'segments'))).toEqual([]);
      expect(await readdir(prefix)).toEqual(['segments']);
      const again = await backend.fetchSegment('default', 3n, dest);
      expect(again.source).toBe('remote');
      expect(new Uint8Array(await readFile(dest))).toEqual(bodies.get(keyFor(1n, 40n)));
      await backend.remote.close();
    } finally {
      await proxy.close();
    }
  });

  it('stores and fetches 16 segments concurrently with nothing lost', async () => {
    const { bucket } = await bucketWith('concurrent');
    const writer = await backendOn(bucket);
    const specs = Array.from({ length: 16 }, (_, i) => ({ start: BigInt(i * 100 + 1), end: BigInt(i * 100 + 100) }));
    const bodies = specs.map((s) => buildSegment(s));
    await Promise.all(
      specs.map((s, i) =>
        writer.backend.store('default', { bytes: bodies[i] ?? new Uint8Array(), name: keyFor(s.start, s.end) }),
      ),
    );
    const reader = await backendOn(bucket);
    const results = await Promise.all(
      specs.map((s, i) => reader.backend.fetchSegment('default', s.start + 50n, join(reader.prefix, `o${i}`))),
    );
    expect(results.every((r) => r.source === 'remote')).toBe(true);
    for (const [i] of specs.entries())
      expect(new Uint8Array(await readFile(join(reader.prefix, `o${i}`)))).toEqual(bodies[i]);
    for (const s of specs) {
      const head = await client.send(
        new HeadObjectCommand({ Bucket: bucket, Key: `${PREFIX}/${keyFor(s.start, s.end)}` }),
      );
      expect(head.ContentLength).toBe(bodies[0]?.length);
    }
    await writer.backend.remote.close();
    await reader.backend.remote.close();
  });

  it('finds a replacement when the object it listed vanished before the GET', async () => {
    const { bucket } = await bucketWith('vanish', [{ start: 1n, end: 10n }]);
    const { backend, prefix, remote } = await backendOn(bucket);
    await remote.list('default');
    await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: `${PREFIX}/${keyFor(1n, 10n)}` }));
    await putObjects(client, bucket, [
      { key: `${PREFIX}/${keyFor(1n, 12n)}`, body: buildSegment({ start: 1n, end: 12n }) },
    ]);
    const result = await backend.fetchSegment('default', 5n, join(prefix, 'x'));
    expect(result.key).toBe(keyFor(1n, 12n));
    await remote.close();
  });
});

describe('S3 remote with its server stopped', () => {
  let server: RunningS3Server;
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'segscope-s3-down-'));
    server = await startS3Server(dir);
  });
  // Also stops a cluster whose start outlasted the hook's timeout, or a test that failed before its close.
  afterAll(async () => {
    await stopS3Servers();
    await rm(dir, { recursive: true, force: true });
  });

  it('answers REMOTE_UNAVAILABLE within the bounded retries and writes nothing', async () => {
    const bucket = uniqueBucket('down');
    await createBucket(plainClient(server.endpoint), bucket);
    const { backend, prefix } = await backendOn(bucket, server.endpoint);
    await server.close();
    const started = Date.now();
    await expect(backend.fetchSegment('default', 1n, join(prefix, 'x'))).rejects.toMatchObject({
      code: 'REMOTE_UNAVAILABLE',
    });
    await expect(backend.remote.check()).rejects.toMatchObject({ code: 'REMOTE_UNAVAILABLE' });
    // Not a timing assertion on speed: a guard that retries are bounded rather than endless.
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(await readdir(join(prefix, 'segments'))).toEqual([]);
  });
});

describe('segscope commands with an S3 remote', () => {
  it('store uploads after writing locally; fetch on another machine falls back to the bucket', async () => {
    const { bucket } = await bucketWith('cli');
    const env = {
      AWS_ACCESS_KEY_ID: S3_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: S3_CREDENTIALS.secretAccessKey,
    };
    const remote = [
      '--remote',
      `s3://${bucket}`,
      '--endpoint',
      endpoint,
      '--cluster-id',
      'cluster-1',
      '--region',
      'us-east-1',
    ];
    const src = await tempDir();
    const file = join(src, 'seg.bin');
    await writeFile(file, buildSegment({ start: 50n, end: 60n }));
    const first = await tempDir();
    const stored = await runCli(['store', file, '--dir', first, ...remote, '--json'], env);
    expect(stored.code).toBe(0);
    expect(JSON.parse(stored.out)).toMatchObject({ stored: [{ uploaded: true }] });
    const second = await tempDir();
    const fetched = await runCli(
      ['fetch', '--dir', second, '--frame', '55', '--dest', join(second, 'out'), ...remote, '--json'],
      env,
    );
    expect(fetched.code).toBe(0);
    expect(JSON.parse(fetched.out)).toMatchObject({ source: 'remote' });
    // A third machine with an empty folder still knows the namespace's newest frame, from the bucket.
    const third = await tempDir();
    expect(JSON.parse((await runCli(['meta', '--dir', third, ...remote, '--json'], env)).out)).toEqual({
      maxFrameNo: 60,
    });
    // Local and remote side by side: the fetched copy is in both places, the empty folder has it only remotely.
    type Listed = { segments: { file: string; status: string; location: string }[] };
    const listed = JSON.parse((await runCli(['list', second, ...remote, '--json'], env)).out) as Listed;
    expect(listed.segments.map((s) => [s.location, s.status])).toEqual([['both', 'ok']]);
    const remoteOnly = JSON.parse((await runCli(['list', third, ...remote, '--json'], env)).out) as Listed;
    expect(remoteOnly.segments.map((s) => [s.location, s.status])).toEqual([['remote', 'unchecked']]);
    const bad = await runCli(['list', second, ...remote], { AWS_ACCESS_KEY_ID: 'NOPE', AWS_SECRET_ACCESS_KEY: 'x' });
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/^segscope: REMOTE_AUTH: /);
  });
});
