import { cp, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bottomlessBucket } from '../../support/bottomless-vectors.js';
import { runCli } from '../../support/cli.js';
import { LIBSQL_VECTORS } from '../../support/real-data.js';
import { tempDir } from '../../support/segments.js';

interface NamespacesJson {
  layout: string;
  namespaces: { name: string; segments: number; location: string; layout?: string; kind?: string }[];
  unrecognized: { file: string; code: string }[];
}

/** One bucket folder holding bottomless generations, libsql-wal's v2/, a seed folder and junk. */
async function sharedBucket(): Promise<string> {
  const bucket = join(await tempDir(), 'bucket');
  await cp(bottomlessBucket('raw').dir, bucket, { recursive: true });
  await cp(join(LIBSQL_VECTORS, 'bucket-v1'), bucket, { recursive: true });
  const sealed = join(LIBSQL_VECTORS, 'sqld/dbs/default/data-wal/00000000000000000030.seg');
  const seedArgs = ['--remote', `file://${bucket}`, '--cluster-id', 'c9', '--remote-layout', 'seed-bucket'];
  const stored = await runCli(['store', sealed, '--dir', await tempDir(), ...seedArgs, '--namespace', 'other']);
  expect(stored.code, stored.err).toBe(0);
  await mkdir(join(bucket, 'backups-2024'));
  await writeFile(join(bucket, 'backups-2024', 'dump.sql'), 'select 1;\n');
  return bucket;
}

describe('a bucket holding several layouts', () => {
  it('namespaces from --remote alone shows every layout, each row labelled; unknown keys listed', async () => {
    const bucket = await sharedBucket();
    const run = await runCli(['namespaces', '--remote', `file://${bucket}`, '--json']);
    expect(run.code, run.err).toBe(0);
    const doc = JSON.parse(run.out) as NamespacesJson;
    expect(doc.layout).toBe('bottomless');
    expect(doc.namespaces.map((n) => [n.name, n.layout, n.location, n.kind])).toEqual([
      ['default', 'bottomless', 'local', 'bottomless'],
      ['default', 'libsql-wal (cluster cluster-1)', 'remote', 'libsql-wal'],
      ['other', 'seed-bucket (cluster c9)', 'remote', 'seed'],
    ]);
    expect(doc.namespaces.map((n) => n.segments)).toEqual([
      bottomlessBucket('raw').manifest.generations.reduce((n, g) => n + g.batches.length, 0),
      4,
      1,
    ]);
    expect(doc.unrecognized).toContainEqual(expect.objectContaining({ file: 'backups-2024/', code: 'UNKNOWN_LAYOUT' }));
    const text = await runCli(['namespaces', '--remote', `file://${bucket}`]);
    expect(text.out).toMatch(/libsql-wal \(cluster cluster-1\)/);
    expect(text.out).toMatch(/unrecognized: backups-2024\/: UNKNOWN_LAYOUT/);
  });

  it(
    'with a local path and --cluster-id the libsql-wal ' + 'layout is read, the bottomless namespaces shown beside',
    async () => {
      const bucket = await sharedBucket();
      const args = ['--remote', `file://${bucket}`, '--cluster-id', 'cluster-1', '--json'];
      const run = await runCli(['namespaces', await tempDir(), ...args]);
      expect(run.code, run.err).toBe(0);
      const doc = JSON.parse(run.out) as NamespacesJson;
      expect(doc.namespaces.map((n) => [n.name, n.layout, n.kind])).toEqual([
        ['default', 'libsql-wal', 'libsql-wal'],
        ['other', 'seed-bucket (cluster c9)', 'seed'],
        ['default', 'bottomless', 'bottomless'],
      ]);
      const list = await runCli(['list', await tempDir(), ...args]);
      expect(JSON.parse(list.out)).toMatchObject({
        unrecognized: [expect.objectContaining({ file: 'backups-2024/' })],
      });
    },
  );

  it('a bucket whose keys match no layout is never shown as empty: its keys are listed', async () => {
    const bucket = join(await tempDir(), 'bucket');
    await mkdir(join(bucket, 'exports'), { recursive: true });
    await writeFile(join(bucket, 'exports', 'a.csv'), 'a\n');
    await writeFile(join(bucket, 'notes.txt'), 'n\n');
    const run = await runCli(['namespaces', '--remote', `file://${bucket}`, '--json']);
    expect(run.code, run.err).toBe(0);
    const doc = JSON.parse(run.out) as NamespacesJson;
    expect(doc.namespaces).toEqual([]);
    expect(doc.unrecognized.map((u) => u.file).sort()).toEqual(['exports/', 'notes.txt']);
    const list = await runCli(['list', '--remote', `file://${bucket}`]);
    expect(list.code).toBe(2);
    expect(list.err).toMatch(
      /^segscope: NOT_FOUND: .*only keys no layout reads \(exports\/, notes\.txt\); check --remote/,
    );
  });
});
