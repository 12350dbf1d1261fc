import { cp, readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import {
  type ExpectedRow,
  bottomlessBucket,
  expectedRows,
  restoreAtArgs,
  sampleDigest,
  listedPoints,
} from '../../support/bottomless-vectors.js';
import { runCli } from '../../support/cli.js';
import { copyVector } from '../../support/real-data.js';
import { bucketOfFolder } from '../../support/s3-fixtures.js';
import { S3_CREDENTIALS } from '../../support/s3-server.js';
import { SQLD_DEFAULT_SAMPLE } from '../../support/sqld-default-sample.js';
import { tempDir } from '../../support/segments.js';

const endpoint = inject('s3Endpoint');
const env = { AWS_ACCESS_KEY_ID: S3_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: S3_CREDENTIALS.secretAccessKey };

interface PointsJson {
  points: { frameNo: number; generation: string; time: string | null }[];
}

// Every sample through Ceph; the raw one also as a file:// bucket (the local layout reads all three elsewhere).
const RUNS = [
  ['raw', 'file'],
  ['raw', 'ceph'],
  ['gz', 'ceph'],
  ['zstd', 'ceph'],
] as const;

for (const [kind, where] of RUNS) {
  describe(`a bottomless bucket read from --remote alone (${kind}, ${where})`, () => {
    const { dir, manifest } = bottomlessBucket(kind);
    const remote = async (): Promise<string[]> =>
      where === 'file'
        ? ['--remote', `file://${dir}`]
        : ['--remote', `s3://${await bucketOfFolder(endpoint, dir, 'bottomless')}`, '--endpoint', endpoint];

    it('namespaces, list, points, verify and restores at many commits, each equal to the manifest', async () => {
      const args = await remote();
      const namespaces = await runCli(['namespaces', ...args, '--json'], env);
      expect(namespaces.code, namespaces.err).toBe(0);
      // A bucket's objects are the remote's, whether S3 or a folder named as a bucket (file://).
      expect(JSON.parse(namespaces.out)).toMatchObject({
        layout: 'bottomless',
        namespaces: [{ name: 'default', location: 'remote' }],
      });
      const list = await runCli(['list', ...args, '--json'], env);
      expect(list.code, list.err).toBe(0);
      const listed = JSON.parse(list.out) as {
        segments: (ExpectedRow & { location: string })[];
      };
      // Each generation's snapshot (its point 0) and its batches, as a folder of the same objects lists them.
      expect(
        listed.segments.map(({ file, generation, format, startFrameNo, endFrameNo }) => {
          return { file, generation, format, startFrameNo, endFrameNo };
        }),
      ).toEqual(expectedRows(manifest));
      expect(new Set(listed.segments.map((s) => s.location))).toEqual(new Set(['remote']));
      const text = (await runCli(['list', ...args], env)).out.split('\n');
      expect(text.find((l) => / bottomless-snapshot /.test(l))).toMatch(
        / 0 +0 +\S+ +bottomless-snapshot +\d+ +remote +ok /,
      );
      expect(text[2]).toMatch(/ bottomless-(batch|snapshot) +\d+ +remote +ok /);
      const points = JSON.parse((await runCli(['points', ...args, '--json'], env)).out) as PointsJson;
      expect(points.points.map((p) => `${p.generation}:${p.frameNo}`)).toEqual(
        listedPoints(manifest).map((p) => `${p.generation}:${p.frame}`),
      );
      const verify = await runCli(['verify', ...args, '--json'], env);
      expect(verify.code, verify.out).toBe(0);
      const step = Math.max(1, Math.floor(manifest.commit_points.length / 6));
      for (let i = 0; i < manifest.commit_points.length; i += step) {
        const point = manifest.commit_points[i];
        if (!point) continue;
        const out = join(await tempDir(), 'db.sqlite');
        const run = await runCli(['restore', ...args, ...restoreAtArgs(point, out)], env);
        expect(run.code, run.err).toBe(0);
        expect(sampleDigest(out)).toBe(point.digest);
      }
      // Times: before any generation (nothing to stand on), then spread over the sample's span.
      const times = manifest.time_points.filter((_, i) => i % Math.ceil(manifest.time_points.length / 5) === 0);
      for (const point of times) {
        const out = join(await tempDir(), 'db.sqlite');
        const until = new Date(point.t * 1000).toISOString();
        const run = await runCli(['restore', ...args, '--out', out, '--until-time', until, '--json'], env);
        if (point.generation === null) {
          expect(run.code).toBe(1);
          // Not the empty database the manifest's generator answers: the backup holds no state before it began.
          expect(run.err).toMatch(/^segscope: FRAME_NOT_FOUND: the backup of .* begins at /);
          await expect(stat(out)).rejects.toThrow();
          continue;
        }
        expect(run.code, run.err).toBe(0);
        expect(JSON.parse(run.out)).toMatchObject({ generation: point.generation });
        expect(sampleDigest(out), `time ${until}`).toBe(point.digest);
      }
    }, 120_000);

    it('fetch --frame --generation: the batch object as stored, kept under a local path and hard-linked', async () => {
      const args = await remote();
      const g = manifest.generations[1];
      const batch = g?.batches[1];
      if (!g || !batch) throw new Error('sample too small');
      const stored = await readFile(join(dir, `${manifest.db_name}-${g.uuid}`, batch.key));
      const cache = await tempDir();
      const dest = join(await tempDir(), 'batch');
      const frame = String(batch.first + Math.floor((batch.last - batch.first) / 2));
      const fetchArgs = ['fetch', cache, ...args, '--frame', frame, '--generation', g.uuid, '--dest', dest, '--json'];
      const run = await runCli(fetchArgs, env);
      expect(run.code, run.err).toBe(0);
      const doc = JSON.parse(run.out) as { source: string; key: string; cachedPath: string };
      expect(doc).toMatchObject({
        source: where === 'file' ? 'local' : 'remote',
        key: `${manifest.db_name}-${g.uuid}/${batch.key}`,
      });
      expect(await readFile(dest)).toEqual(stored);
      expect((await stat(dest)).ino).toBe((await stat(doc.cachedPath)).ino);
      const other = await runCli(
        ['fetch', ...args, '--frame', '999999', '--generation', g.uuid, '--dest', `${dest}2`],
        env,
      );
      expect(other.code).toBe(1);
      expect(other.err).toMatch(/^segscope: FRAME_NOT_FOUND: .*--generation/);
      await expect(stat(`${dest}2`)).rejects.toThrow();
    });
  });
}

describe('--remote alone, and a local path beside a bottomless bucket', () => {
  it('a libsql-wal bucket needs the local folder it is cached in: INVALID_ARGUMENT naming <path>', async () => {
    const bucket = await copyVector('bucket-v1');
    const run = await runCli(['list', '--remote', `file://${bucket}`, '--cluster-id', 'cluster-1']);
    expect(run.code).toBe(2);
    expect(run.err).toMatch(/^segscope: INVALID_ARGUMENT: .*give the <path>/);
  });

  it('--remote-layout bottomless reads the bucket as generations, with a path beside it', async () => {
    const { dir, manifest } = bottomlessBucket('gz');
    const local = await tempDir();
    const run = await runCli(['list', local, '--remote', `file://${dir}`, '--remote-layout', 'bottomless', '--json']);
    expect(run.code, run.err).toBe(0);
    const doc = JSON.parse(run.out) as { layout: string; segments: unknown[] };
    expect(doc.layout).toBe('bottomless');
    expect(doc.segments.length).toBe(expectedRows(manifest).length);
  });

  it('a folder another layout holds is refused beside a bottomless bucket, and nothing is kept in it', async () => {
    const { dir, manifest } = bottomlessBucket('gz');
    const g = manifest.generations[1];
    const batch = g?.batches[1];
    if (!g || !batch) throw new Error('sample too small');
    const s3 = ['--remote', `s3://${await bucketOfFolder(endpoint, dir, 'bottomless')}`, '--endpoint', endpoint];
    const fetchInto = async (path: string) =>
      runCli(
        [
          'fetch',
          path,
          ...s3,
          '--frame',
          String(batch.first),
          '--generation',
          g.uuid,
          '--dest',
          join(await tempDir(), 'b'),
        ],
        env,
      );
    // A sqld data directory: fetched objects would be kept in it, and its own namespaces would go unlisted.
    const sqld = join(await tempDir(), 'data.sqld');
    await cp(SQLD_DEFAULT_SAMPLE, sqld, { recursive: true });
    const before = await readdir(sqld, { recursive: true });
    for (const run of [await fetchInto(sqld), await runCli(['list', sqld, '--remote', `file://${dir}`])]) {
      expect(run.code).toBe(2);
      expect(run.err).toMatch(
        /^segscope: INVALID_ARGUMENT: \S+data\.sqld holds a sqld layout, and beside a bottomless /,
      );
    }
    expect(await readdir(sqld, { recursive: true })).toEqual(before);
    // A folder kept for the bucket before is taken again.
    const cache = await tempDir();
    for (let i = 0; i < 2; i++) {
      const run = await fetchInto(cache);
      expect(run.code, run.err).toBe(0);
    }
    expect(await readdir(cache)).toEqual([`${manifest.db_name}-${g.uuid}`]);
  });
});
