import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { mkdir, mkdtemp, open, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { PutObjectAclCommand } from '@aws-sdk/client-s3';
import { FRAME_SIZE, PAGE_SIZE, writeFrame } from '../../core/format/frame.js';
import { formatSegmentKey } from '../../core/format/segment-key.js';
import { encodeV0Header } from '../../core/format/segment-v0.js';
import { seedBucketOnS3 } from '../support/seed-bucket.js';
import { createBucket, plainClient, putObjects, s3Settings } from '../support/s3-fixtures.js';
import { startS3Server } from '../support/s3-server.js';
import { type BenchSuite, medianMs } from './harness.js';
import { plainGet } from './plain-get.js';

const BIG_FRAMES = Math.floor((256 << 20) / FRAME_SIZE);
const BUCKET_SEGMENTS = 10_000;
const PREFIX = 'ns-cluster-1:default-v2/segments';

/**
 * Writes a valid 256 MiB v0 segment a batch of frames at a time, the CRC carried along, so the
 * benchmark process never holds the segment and its resident memory measures the fetch alone.
 */
async function writeBigSegment(path: string): Promise<string> {
  const end = BigInt(BIG_FRAMES);
  const key = formatSegmentKey({ startFrameNo: 1n, endFrameNo: end, createdAt: 1_700_000_000n });
  const header = encodeV0Header({ frameCount: end, segmentId: randomUUID(), startFrameNo: 1n, endFrameNo: end });
  const page = new Uint8Array(PAGE_SIZE).fill(7);
  const handle = await open(path, 'w');
  try {
    await handle.write(header);
    let crc = crc32(header);
    const batch = new Uint8Array(1024 * FRAME_SIZE);
    const view = new DataView(batch.buffer);
    for (let first = 0; first < BIG_FRAMES; first += 1024) {
      const count = Math.min(1024, BIG_FRAMES - first);
      for (let i = 0; i < count; i++) {
        const n = first + i + 1;
        writeFrame(view, i * FRAME_SIZE, {
          pageNo: n,
          sizeAfter: n === BIG_FRAMES ? BIG_FRAMES : 0,
          frameNo: BigInt(n),
          page,
        });
      }
      const bytes = batch.subarray(0, count * FRAME_SIZE);
      crc = crc32(bytes, crc);
      await handle.write(bytes);
    }
    const footer = new Uint8Array(4);
    new DataView(footer.buffer).setUint32(0, crc, true);
    await handle.write(footer);
  } finally {
    await handle.close();
  }
  return key;
}

export const s3Suite: BenchSuite = {
  name: 's3',
  async run(record) {
    const root = await mkdtemp(join(tmpdir(), 'segscope-bench-s3-'));
    // Ceph's daemons run in processes of their own, so their memory never counts as the fetcher's.
    const server = await startS3Server(join(root, 'server'));
    try {
      const client = plainClient(server.endpoint);
      await createBucket(client, 'bench-big');
      const source = join(root, 'big.segment');
      const key = await writeBigSegment(source);
      const uploader = seedBucketOnS3(s3Settings(server.endpoint, 'bench-big'));
      await uploader.upload(source, 'default', key);
      await uploader.close();
      const size = (await stat(source)).size;
      const mb = size / 1e6;

      // The baseline is an unsigned GET, the cheapest a client can do: the object is made public-read.
      await client.send(new PutObjectAclCommand({ Bucket: 'bench-big', Key: `${PREFIX}/${key}`, ACL: 'public-read' }));
      const url = `${server.endpoint}/bench-big/${encodeURIComponent(`${PREFIX}/${key}`).replace(/%2F/g, '/')}`;
      let run = 0;
      const plainMs = await medianMs(3, () => plainGet(url, join(root, `plain-${run++}`)));
      const prefix = join(root, 'local');
      const cached = join(prefix, 'segments', key);
      await mkdir(join(prefix, 'segments'), { recursive: true });
      const fetcher = fileURLToPath(new URL('./s3-fetch-process.js', import.meta.url));
      const runs: { ms: number; maxRssBytes: number }[] = [];
      for (let i = 0; i < 3; i++) {
        // Each run starts cold, in a fresh process: no cached copy, nothing else in its memory.
        await rm(cached, { force: true });
        const { stdout } = await promisify(execFile)(process.execPath, [
          fetcher,
          server.endpoint,
          'bench-big',
          prefix,
          '1000',
          join(root, `fetched-${i}`),
        ]);
        runs.push(JSON.parse(stdout) as { ms: number; maxRssBytes: number });
      }
      const fetchMs = [...runs].sort((a, b) => a.ms - b.ms)[1]?.ms ?? Number.NaN;
      const peak = Math.max(...runs.map((r) => r.maxRssBytes));
      const rate = mb / (fetchMs / 1000);
      const plainRate = mb / (plainMs / 1000);
      record({
        what: `fetch a ${mb.toFixed(0)} MB segment from S3 (stream, fsync, rename, link; median of 3)`,
        value: rate,
        unit: 'MB/s',
        baseline: { what: 'plain HTTP GET of the same object to a file (median of 3)', value: plainRate },
        ratio: { value: rate / plainRate, meaning: 'of a plain GET' },
        target: { text: '>= 0.8x', met: rate / plainRate >= 0.8 },
      });
      record({
        what: `peak resident memory of a process fetching the ${mb.toFixed(0)} MB segment (its own VmHWM)`,
        value: peak / 1e6,
        unit: 'MB',
        target: { text: 'peak < 150 MB', met: peak / 1e6 < 150 },
      });

      await createBucket(client, 'bench-many');
      await putObjects(
        client,
        'bench-many',
        Array.from({ length: BUCKET_SEGMENTS }, (_, i) => ({
          key: `${PREFIX}/${formatSegmentKey({
            startFrameNo: BigInt(i * 10 + 1),
            endFrameNo: BigInt(i * 10 + 10),
            createdAt: 1_700_000_000n,
          })}`,
          body: new Uint8Array(0),
        })),
      );
      const remote = seedBucketOnS3(s3Settings(server.endpoint, 'bench-many'));
      const count = () => [...remote.requests.values()].reduce((a, b) => a + b, 0);
      const lookup = async (frame: bigint) => {
        const before = count();
        (await remote.fetch('default', frame))?.body.destroy();
        return count() - before;
      };
      const cold = await lookup(BigInt(BUCKET_SEGMENTS * 10 - 5));
      const warm = await lookup(BigInt(BUCKET_SEGMENTS * 5));
      await remote.close();
      const reference = Math.ceil(BUCKET_SEGMENTS / 10) + 1;
      record({
        what:
          `requests for a cold lookup of the last frame in a ` +
          `${BUCKET_SEGMENTS.toLocaleString('en')}-segment bucket`,
        value: cold,
        unit: 'requests',
        baseline: { what: "libsql-wal's scan (10 keys a LIST, from the start, + GET)", value: reference },
        ratio: { value: cold / reference, meaning: "of the reference's requests" },
      });
      record({
        what: 'requests for a warm lookup in the same bucket',
        value: warm,
        unit: 'requests',
        target: { text: '1 LIST + 1 GET', met: warm === 2 },
      });
    } finally {
      await server.close();
      await rm(root, { recursive: true, force: true });
    }
  },
};
