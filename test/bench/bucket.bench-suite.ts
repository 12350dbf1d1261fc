import { PutObjectAclCommand } from '@aws-sdk/client-s3';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, open, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { filesEqual } from '../../core/storage/files-equal.js';
import { formatLibsqlWalKey } from '../../core/format/libsql-wal-key.js';
import { encodeV1Segment } from '../../core/format/compacted-v1.js';
import { PAGE_SIZE } from '../../core/format/frame.js';
import { buildFstMap } from '../../core/format/fst-builder.js';
import { pageKey } from '../../core/format/fst-encoding.js';
import { encodeIndexObject } from '../../core/format/index-object.js';
import { LibsqlWalBucket } from '../../core/layouts/libsql-wal-bucket.js';
import { LibsqlWalRemote } from '../../core/layouts/libsql-wal-remote.js';
import { S3ObjectStore } from '../../core/storage/s3-object-store.js';
import { createBucket, plainClient, putObjects, s3Settings } from '../support/s3-fixtures.js';
import { startS3Server } from '../support/s3-server.js';
import { type BenchSuite, medianMs } from './harness.js';
import { plainGet } from './plain-get.js';
import { buildDatabase } from './restore.bench-suite.js';

const LOG_ID = '5e9b4c1a-2f3d-4e5f-8a9b-0c1d2e3f4a5b';
const PAGES_PER_SEGMENT = 16_384; // 64 MiB of pages a segment
const MANY = 10_000;
const NS = 'v2/clusters/c1/namespaces/default/';

/** A ~1 GiB SQLite database as a libsql-wal bucket holds it: v1 segments of 64 MiB, each with its index. */
async function uploadDatabase(dbPath: string, endpoint: string, bucket: string): Promise<string[]> {
  const client = plainClient(endpoint);
  await createBucket(client, bucket);
  const pages = (await stat(dbPath)).size / PAGE_SIZE;
  const db = await open(dbPath, 'r');
  const keys: string[] = [];
  try {
    for (let first = 1; first <= pages; first += PAGES_PER_SEGMENT) {
      const count = Math.min(PAGES_PER_SEGMENT, pages - first + 1);
      const bytes = new Uint8Array(count * PAGE_SIZE);
      await db.read(bytes, 0, bytes.length, (first - 1) * PAGE_SIZE);
      const frames = Array.from({ length: count }, (_, i) => ({
        pageNo: first + i,
        frameNo: BigInt(first + i),
        page: bytes.subarray(i * PAGE_SIZE, (i + 1) * PAGE_SIZE),
      }));
      const range = {
        startFrameNo: BigInt(first),
        endFrameNo: BigInt(first + count - 1),
        timestampMs: 1_730_000_000_000n + BigInt(first),
      };
      const name = formatLibsqlWalKey(range);
      const segment = encodeV1Segment({ ...range, logId: LOG_ID, sizeAfter: first + count - 1, frames });
      const index = encodeIndexObject(
        buildFstMap(frames.map((f, i) => ({ key: pageKey(f.pageNo), value: BigInt(i) }))),
      );
      await putObjects(client, bucket, [
        { key: `${NS}segments/${name}`, body: segment },
        { key: `${NS}indexes/${name}`, body: index },
      ]);
      await client.send(new PutObjectAclCommand({ Bucket: bucket, Key: `${NS}segments/${name}`, ACL: 'public-read' }));
      keys.push(`${NS}segments/${name}`);
    }
  } finally {
    await db.close();
  }
  return keys;
}

export const bucketSuite: BenchSuite = {
  name: 'bucket',
  async run(record) {
    const root = await mkdtemp(join(tmpdir(), 'segscope-bench-bucket-'));
    const server = await startS3Server(join(root, 'server'));
    try {
      const dbPath = join(root, 'source.db');
      buildDatabase(dbPath);
      const keys = await uploadDatabase(dbPath, server.endpoint, 'bench-restore');
      const mb = (await stat(dbPath)).size / 1e6;
      let run = 0;
      const getMs = await medianMs(3, async () => {
        const dest = join(root, `get-${run++}`);
        for (const key of keys)
          await plainGet(`${server.endpoint}/bench-restore/${key.split('/').map(encodeURIComponent).join('/')}`, dest);
        await rm(dest, { force: true });
      });
      const runner = fileURLToPath(new URL('./s3-restore-process.js', import.meta.url));
      const runs: { ms: number; maxRssBytes: number }[] = [];
      for (let i = 0; i < 3; i++) {
        const cache = join(root, `cache-${i}`);
        await mkdir(cache);
        const out = join(root, `restored-${i}.db`);
        const { stdout } = await promisify(execFile)(process.execPath, [
          runner,
          server.endpoint,
          'bench-restore',
          'c1',
          cache,
          out,
        ]);
        runs.push(JSON.parse(stdout) as { ms: number; maxRssBytes: number });
        if (!(await filesEqual(dbPath, out)))
          throw new Error('the database restored from the bucket differs from the source');
        await rm(cache, { recursive: true, force: true });
        await rm(out, { force: true });
      }
      const restoreMs = [...runs].sort((a, b) => a.ms - b.ms)[1]?.ms ?? Number.NaN;
      const rate = mb / (restoreMs / 1000);
      const getRate = mb / (getMs / 1000);
      record({
        what:
          `restore a ${mb.toFixed(0)} MB database from a libsql-wal ` +
          `bucket alone (v1 segments of 64 MiB; median of 3)`,
        value: rate,
        unit: 'MB/s',
        baseline: { what: 'plain sequential HTTP GETs of the same segments to a file (median of 3)', value: getRate },
        ratio: { value: rate / getRate, meaning: 'of plain GETs' },
        target: { text: '>= 0.5x', met: rate / getRate >= 0.5 },
      });
      const peak = Math.max(...runs.map((r) => r.maxRssBytes)) / 1e6;
      record({
        what:
          `peak resident memory of a process restoring the ` +
          `${mb.toFixed(0)} MB database from the bucket (its own VmHWM)`,
        value: peak,
        unit: 'MB',
        target: { text: 'peak < 200 MB', met: peak < 200 },
      });

      const client = plainClient(server.endpoint);
      await createBucket(client, 'bench-libsql-wal');
      const objects = Array.from({ length: MANY }, (_, i) => {
        const name = formatLibsqlWalKey({
          startFrameNo: BigInt(i * 10 + 1),
          endFrameNo: BigInt(i * 10 + 10),
          timestampMs: 1_700_000_000_000n,
        });
        return [
          { key: `${NS}segments/${name}`, body: new Uint8Array(0) },
          { key: `${NS}indexes/${name}`, body: new Uint8Array(0) },
        ];
      }).flat();
      await putObjects(client, 'bench-libsql-wal', objects);
      const store = new S3ObjectStore(s3Settings(server.endpoint, 'bench-libsql-wal'));
      const bucket = new LibsqlWalBucket(store, 'c1');
      const remote = new LibsqlWalRemote(bucket);
      const count = () => [...store.requests.values()].reduce((a, b) => a + b, 0);
      const requestsOf = async (fn: () => Promise<unknown>) => {
        const before = count();
        await fn();
        return count() - before;
      };
      const fetchBody = async (frame: bigint) => (await remote.fetch('default', frame))?.body.destroy();
      const lookupCold = await requestsOf(async () => {
        const found = await bucket.endingAtOrBefore('default', BigInt(MANY * 5 + 3));
        (await store.get(bucket.segmentKey('default', found?.key ?? '')))?.body.destroy();
      });
      const cold = await requestsOf(() => fetchBody(BigInt(MANY * 10 - 5)));
      const warm = await requestsOf(() => fetchBody(BigInt(MANY * 3 + 7)));
      await remote.close();
      record({
        what:
          `libsql-wal's own lookup (EndFrameNoLessThan) in a ` +
          `${MANY.toLocaleString('en')}-segment libsql-wal bucket, cold`,
        value: lookupCold,
        unit: 'requests',
        target: { text: '1 LIST + 1 GET', met: lookupCold === 2 },
      });
      record({
        what: 'the segment holding any frame, cold (the listing, 1,000 keys a page, then the GET)',
        value: cold,
        unit: 'requests',
        target: { text: '<= listing pages + 1 GET', met: cold <= Math.ceil(MANY / 1000) + 2 },
      });
      record({
        what: 'the segment holding any frame, warm (the listing held answers a frame it reaches: the GET alone)',
        value: warm,
        unit: 'requests',
        target: { text: '1 GET', met: warm === 1 },
      });
    } finally {
      await server.close();
      await rm(root, { recursive: true, force: true });
    }
  },
};
