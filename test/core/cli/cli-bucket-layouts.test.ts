import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bottomlessBucket, expectedRows } from '../../support/bottomless-vectors.js';
import { runCli } from '../../support/cli.js';
import { sharedBucket } from '../../support/shared-bucket.js';
import { tempDir } from '../../support/segments.js';

interface NamespacesJson {
  layout: string;
  namespaces: { name: string; segments: number; location: string; layout?: string; kind?: string }[];
  unrecognized: { file: string; code: string }[];
  notes?: string[];
}

describe('a bucket holding several layouts', () => {
  it('namespaces from --remote alone shows every layout, each row labelled; unknown keys listed', async () => {
    const bucket = await sharedBucket();
    const run = await runCli(['namespaces', '--remote', `file://${bucket}`, '--json']);
    expect(run.code, run.err).toBe(0);
    const doc = JSON.parse(run.out) as NamespacesJson;
    expect(doc.layout).toBe('bottomless');
    expect(doc.namespaces.map((n) => [n.name, n.layout, n.location, n.kind])).toEqual([
      // The bucket's, as its other layouts' are (read where it lies, it was said to be local).
      ['default', 'bottomless', 'remote', 'bottomless'],
      ['default', 'libsql-wal (cluster cluster-1)', 'remote', 'libsql-wal'],
      ['other', 'seed-bucket (cluster c9)', 'remote', 'seed'],
    ]);
    expect(doc.namespaces.map((n) => n.segments)).toEqual([
      expectedRows(bottomlessBucket('raw').manifest).length,
      4,
      1,
    ]);
    // The layouts it reads are its rows, never keys no layout reads.
    expect(doc.unrecognized.map((u) => [u.file, u.code])).toEqual([['backups-2024/', 'UNKNOWN_LAYOUT']]);
    expect(doc.notes).toBeUndefined();
    const text = await runCli(['namespaces', '--remote', `file://${bucket}`]);
    expect(text.out).toMatch(/libsql-wal \(cluster cluster-1\)/);
    expect(text.out).toMatch(/unrecognized: backups-2024\/: UNKNOWN_LAYOUT/);
    expect(text.out).not.toMatch(/v2\/: UNKNOWN_LAYOUT/);
  });

  it('namespaces with --remote-layout bottomless notes the layouts it leaves out, and how to list them', async () => {
    const bucket = await sharedBucket();
    const run = await runCli(['namespaces', '--remote', `file://${bucket}`, '--remote-layout', 'bottomless', '--json']);
    expect(run.code, run.err).toBe(0);
    const doc = JSON.parse(run.out) as NamespacesJson;
    expect(doc.namespaces.map((n) => n.name)).toEqual(['default']);
    expect(doc.unrecognized.map((u) => u.file)).toEqual(['backups-2024/']);
    const without = `--remote file://${bucket} without --remote-layout lists their namespaces beside these`;
    expect(doc.notes).toEqual([
      `${bucket} also holds seed-bucket objects (ns-…-v2/): ${without}`,
      `${bucket} also holds libsql-wal objects (v2/): ${without}`,
    ]);
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

  it('--namespace takes a namespace id where two layouts hold the name; the bare name is refused', async () => {
    const bucket = await sharedBucket();
    const dir = await tempDir();
    const args = ['--remote', `file://${bucket}`, '--cluster-id', 'cluster-1'];
    const table = await runCli(['namespaces', dir, ...args]);
    expect(table.out).toMatch(/bottomless\s+bottomless\/default/);
    expect(table.out).toMatch(/libsql-wal\s+libsql-wal\/default/);
    const bottomless = await runCli(['list', dir, ...args, '--namespace', 'bottomless/default', '--json']);
    expect(bottomless.code, bottomless.err).toBe(0);
    const listed = JSON.parse(bottomless.out) as { namespaceId: string; layout: string; segments: unknown[] };
    const { manifest } = bottomlessBucket('raw');
    expect([listed.namespaceId, listed.layout, listed.segments.length]).toEqual([
      'bottomless/default',
      'bottomless',
      expectedRows(manifest).length,
    ]);
    const wal = await runCli(['meta', dir, ...args, '--namespace', 'libsql-wal/default']);
    expect(wal.out).toBe('namespace libsql-wal/default: max frame 107\n');
    const ambiguous = await runCli(['list', dir, ...args, '--namespace', 'default']);
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.err).toMatch(/^segscope: AMBIGUOUS_NAMESPACE: namespace "default" is in 2 layouts here /);
    expect(ambiguous.err).toMatch(/\(libsql-wal\/default, bottomless\/default\).*--namespace/);
    const help = await runCli(['list', '--help']);
    expect(help.out).toMatch(/--namespace <ns>\|<layout>\/<ns>/);
    expect(help.out).toMatch(/bottomless\/default/);
  });

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
