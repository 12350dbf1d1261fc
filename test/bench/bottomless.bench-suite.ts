import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { filesEqual } from '../../core/storage/files-equal.js';
import { type DelayProxy, startDelayProxy } from '../support/delay-proxy.js';
import { createBucket, plainClient } from '../support/s3-fixtures.js';
import { S3_CREDENTIALS, startS3Server } from '../support/s3-server.js';
import { type BottomlessFixture, uploadBottomlessGeneration } from '../support/bottomless-s3-fixture.js';
import { COMMAND_ENV, SEGSCOPE } from './command-env.js';
import { type Run, measuredAsync } from './command-runs.js';
import { type BenchSuite, type Recorder, median, timeMs } from './harness.js';
import { plainGet } from './plain-get.js';

const BATCHES = 10_000;
const BUCKET = 'bench-bottomless';
const ROUND_TRIP_MS = 20;
const RUNS = 3;
const ENV = {
  ...COMMAND_ENV,
  AWS_ACCESS_KEY_ID: S3_CREDENTIALS.accessKeyId,
  AWS_SECRET_ACCESS_KEY: S3_CREDENTIALS.secretAccessKey,
};

interface Context {
  root: string;
  fixture: BottomlessFixture;
  record: Recorder;
  peaks: number[];
}

/** Plain unsigned GETs of every object of the namespace, one after another, each to a file. */
async function sequentialGetsMs(ctx: Context, endpoint: string): Promise<number> {
  const dest = join(ctx.root, 'get');
  const ms = await timeMs(async () => {
    for (const key of ctx.fixture.keys)
      await plainGet(`${endpoint}/${BUCKET}/${key.split('/').map(encodeURIComponent).join('/')}`, dest);
  });
  await rm(dest, { force: true });
  return ms;
}

let restores = 0;

/** `segscope restore` from the bucket alone, a fresh process with no cache; the result checked against SQLite. */
async function restoreRun(ctx: Context, endpoint: string): Promise<Run> {
  const out = join(ctx.root, `restored-${restores++}.db`);
  const argv = [process.execPath, SEGSCOPE, 'restore', '--remote', `s3://${BUCKET}`, '--endpoint', endpoint];
  const run = await measuredAsync([...argv, '--out', out], ENV);
  if (!(await filesEqual(ctx.fixture.finalDb, out)))
    throw new Error('the database restored from the bucket differs from the one SQLite wrote');
  await rm(out, { force: true });
  ctx.peaks.push(run.peakMb);
  return run;
}

async function restoreRatio(ctx: Context, endpoint: string, label: string, target: number): Promise<void> {
  const getMs = await sequentialGetsMs(ctx, endpoint);
  const runs: Run[] = [];
  for (let i = 0; i < RUNS; i++) runs.push(await restoreRun(ctx, endpoint));
  const restoreMs = median(runs.map((r) => r.wallMs));
  const batches = (ctx.fixture.keys.length - 1).toLocaleString('en');
  ctx.record({
    what:
      `restore a namespace of ${batches} small gzip batches and a ` +
      `snapshot from Ceph${label} (segscope restore, median of ${RUNS})`,
    value: restoreMs / 1000,
    unit: 's',
    baseline: { what: `plain sequential HTTP GETs of the same objects${label}`, value: getMs / 1000 },
    ratio: { value: getMs / restoreMs, meaning: 'faster than sequential GETs' },
    target: { text: `>= ${target}x`, met: getMs / restoreMs >= target },
  });
}

/** `segscope list` through a proxy that counts the requests it makes. */
async function listRequests(ctx: Context, proxy: DelayProxy): Promise<void> {
  const before = proxy.requests.length;
  const argv = [process.execPath, SEGSCOPE, 'list', '--remote', `s3://${BUCKET}`, '--endpoint', proxy.endpoint];
  await measuredAsync([...argv, '--json'], ENV);
  const made = proxy.requests.slice(before);
  const lists = made.filter((r) => r.method === 'GET' && r.target.includes('list-type=')).length;
  const others = made.length - lists;
  const keys = ctx.fixture.keys.length + 1;
  const minimum = Math.ceil(keys / 1000);
  ctx.record({
    what: `LIST calls of segscope list on the namespace (${keys.toLocaleString('en')} keys)`,
    value: lists,
    unit: 'requests',
    baseline: { what: 'the fewest LIST calls that return every key (1,000 a page)', value: minimum },
    ratio: { value: lists / minimum, meaning: 'of the fewest' },
    target: { text: '<= 1.5x', met: lists / minimum <= 1.5 },
  });
  ctx.record({
    what: 'other requests (GET, HEAD) of the same list: the generation folder read, no batch fetched',
    value: others,
    unit: 'requests',
    target: { text: "<= 3 (the generation's .meta, .dep, .changecounter)", met: others <= 3 },
  });
}

/**
 * Bottomless over S3: one generation of 10,000 batches, each a real SQLite transaction, on
 * Ceph's gateway. The restore runs as the command does, from the bucket alone, in a process of
 * its own with nothing cached; the baseline GETs the same objects one after another, directly
 * and through a proxy that adds 20 ms to every round trip (a distant bucket).
 */
export const bottomlessSuite: BenchSuite = {
  name: 'bottomless',
  async run(record) {
    const root = await mkdtemp(join(tmpdir(), 'segscope-bench-bottomless-'));
    const server = await startS3Server(join(root, 'server'));
    const proxies: DelayProxy[] = [];
    try {
      const client = plainClient(server.endpoint);
      await createBucket(client, BUCKET);
      const started = performance.now();
      const fixture = await uploadBottomlessGeneration(client, BUCKET, root, BATCHES);
      const uploadMs = performance.now() - started;
      client.destroy();
      record({
        what:
          `upload the namespace's ${fixture.keys.length.toLocaleString('en')} objects ` +
          `(${(fixture.batchBytes / 1e6).toFixed(1)} MB of batches; SQLite writing them, concurrent PUTs)`,
        value: uploadMs / 1000,
        unit: 's',
      });
      const ctx: Context = { root, fixture, record, peaks: [] };
      const port = Number(new URL(server.endpoint).port);
      await restoreRatio(ctx, server.endpoint, '', 2);
      const distant = await startDelayProxy(port, ROUND_TRIP_MS);
      proxies.push(distant);
      await restoreRatio(ctx, distant.endpoint, ` through a proxy adding ${ROUND_TRIP_MS} ms a round trip`, 8);
      const peak = Math.max(...ctx.peaks);
      record({
        what: `peak resident memory of segscope restore over the ${ctx.peaks.length} runs (its getrusage maximum)`,
        value: peak,
        unit: 'MB',
        target: { text: 'peak < 200 MB', met: peak < 200 },
      });
      const counting = await startDelayProxy(port, 0);
      proxies.push(counting);
      await listRequests(ctx, counting);
    } finally {
      for (const proxy of proxies) await proxy.close();
      await server.close();
      await rm(root, { recursive: true, force: true });
    }
  },
};
