import { cp, mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Workspace } from '../../../core/api/workspace.js';
import { detectFormat } from '../../../core/format/detect.js';
import { inspectFile } from '../../../core/inspect/inspect-file.js';
import { verifyNamespace } from '../../../core/inspect/verify-files.js';
import { listPoints } from '../../../core/restore/points.js';
import { restoreDatabase } from '../../../core/restore/restore.js';
import { probeFile } from '../../../core/storage/local-file.js';
import { LIBSQL_VECTORS, copyVector, manifest, rowsDigest, treeFingerprint } from '../../support/real-data.js';
import { tempDir } from '../../support/segments.js';

const none = { remote: { kind: 'none' as const } };
const m = await manifest();
const checkpoints = Object.keys(m.expected_at_frame).map((f) => BigInt(f));

async function restoreAt(
  workspace: Workspace,
  frame: bigint | undefined,
): Promise<{ rows: number; sha256: string; untilFrameNo: bigint }> {
  const out = join(await tempDir(), 'restored.db');
  const source = await workspace.restoreSource(workspace.layout.defaultNamespace);
  const result = await restoreDatabase(source, { out, untilFrameNo: frame, allowGaps: false });
  return { ...rowsDigest(out), untilFrameNo: result.untilFrameNo };
}

describe('known-good files of every real format are told apart by content', () => {
  const cases: [string, string][] = [
    ['sqld/dbs/default/data', 'database'],
    ['sqld/dbs/default/data-wal/00000000000000000030.seg', 'sealed'],
    ['sqld/dbs/default/data-wal/00000000000000000091.seg', 'sealed'],
    [
      `bucket-alpha1/v2/clusters/cluster-1/namespaces/default/segments/${m.buckets[0]?.objects[0]?.key}`,
      'compacted-alpha1',
    ],
    [`bucket-v1/v2/clusters/cluster-1/namespaces/default/segments/${m.buckets[1]?.objects[0]?.key}`, 'compacted-v1'],
    [`bucket-v1/v2/clusters/cluster-1/namespaces/default/indexes/${m.buckets[1]?.objects[0]?.key}`, 'index-object'],
    [m.toolkit.outputs[0]?.seg ?? '', 'compacted-v1'],
    [m.toolkit.outputs[0]?.idx ?? '', 'fst-index'],
  ];
  for (const [file, format] of cases) {
    it(`${file.split('/').slice(-2).join('/')} is ${format}, and inspects without errors`, async () => {
      const path = join(LIBSQL_VECTORS, file);
      expect(detectFormat(await probeFile(path))).toBe(format);
      const inspected = await inspectFile(path, { frames: true });
      expect(inspected.format).toBe(format);
      expect(inspected.problems.filter((p) => p.severity === 'error')).toEqual([]);
      if (inspected.nameAgrees !== null) expect(inspected.nameAgrees).toBe(true);
    });
  }

  it('the sealed header decodes to the manifest fields, the unsealed one is recovered', async () => {
    const [sealed, , unsealed] = m.sqld.segments;
    const a = await inspectFile(join(LIBSQL_VECTORS, sealed?.file ?? ''));
    expect(a.header).toMatchObject({
      startFrameNo: 30n,
      endFrameNo: 55n,
      frameCount: 26n,
      salt: sealed?.salt,
      sealed: true,
      logId: m.sqld.log_id,
      pageSize: 4096,
    });
    expect(a.checksum).toMatchObject({ ok: true, brokenAtFrame: null });
    const b = await inspectFile(join(LIBSQL_VECTORS, unsealed?.file ?? ''));
    expect(b.header).toMatchObject({ sealed: false, recoveredLastCommittedFrameNo: 107n });
    expect(b.problems.map((p) => [p.code, p.severity])).toEqual([['UNSEALED_SEGMENT', 'warning']]);
  });
});

describe('a sqld data directory', () => {
  it('lists its namespace: the database file, sealed and unsealed segments, no gap after the checkpoint', async () => {
    const root = await copyVector('sqld');
    const before = await treeFingerprint(root);
    const workspace = await Workspace.open(root, none);
    expect(workspace.layout.name).toBe('sqld');
    const listed = await workspace.list('default');
    expect(listed.database).toMatchObject({ replicationIndex: 29n, logId: m.sqld.log_id, pages: 20n });
    expect([...listed.segments].map((s) => [s.file, s.format, s.startFrameNo, s.endFrameNo, s.status])).toEqual([
      ['00000000000000000030.seg', 'sealed', 30n, 55n, 'ok'],
      ['00000000000000000056.seg', 'sealed', 56n, 90n, 'ok'],
      ['00000000000000000091.seg', 'sealed', 91n, 107n, 'unsealed'],
    ]);
    expect(listed.gaps).toEqual([]);
    expect(listed.maxFrameNo).toBe(107n);
    expect((await workspace.namespaces()).namespaces).toEqual([
      { name: 'default', id: 'sqld/default', kind: 'libsql-wal', segments: 3, maxFrameNo: 107n, location: 'local' },
    ]);
    const verified = await verifyNamespace(workspace.layout, 'default');
    expect(verified.ok).toBe(true);
    expect(await treeFingerprint(root)).toEqual(before);
  });

  it('opens from the namespace folder and from its data-wal folder too', async () => {
    const root = await copyVector('sqld');
    for (const path of [join(root, 'dbs', 'default'), join(root, 'dbs', 'default', 'data-wal')]) {
      const workspace = await Workspace.open(path, none);
      expect(workspace.layout.name).toBe('sqld');
      expect((await workspace.list(workspace.layout.defaultNamespace)).segments).toHaveLength(3);
    }
  });

  it('restores exactly the rows the database held at each checkpoint in the manifest', async () => {
    const workspace = await Workspace.open(await copyVector('sqld'), none);
    for (const frame of checkpoints) {
      const got = await restoreAt(workspace, frame);
      expect({ rows: got.rows, sha256: got.sha256 }).toEqual(m.expected_at_frame[frame.toString()]);
      expect(got.untilFrameNo).toBe(frame);
    }
  });

  it('lists every commit as a restore point, with the sealed time', async () => {
    const workspace = await Workspace.open(await copyVector('sqld'), none);
    const { points } = await listPoints(await workspace.restoreSource('default'));
    expect(points[0]).toEqual({ frameNo: 29n, time: null, segment: 'data' });
    expect(points.map((p) => p.frameNo)).toEqual([29n, 33n, 41n, 55n, 72n, 82n, 90n, 107n]);
    expect(points.find((p) => p.frameNo === 41n)?.time).toBe('2024-07-03T09:47:40.000Z');
    expect(points.at(-1)?.time).toBeNull();
  });

  it('fetches the segment holding a frame by hard link', async () => {
    const workspace = await Workspace.open(await copyVector('sqld'), none);
    const dest = join(await tempDir(), 'seg');
    const result = await workspace.fetch('default', 60n, { path: dest });
    expect(result).toMatchObject({ source: 'local', key: '00000000000000000056.seg', path: dest });
    expect((await inspectFile(dest)).header?.startFrameNo).toBe(56n);
  });

  it('refuses to store into it and changes nothing', async () => {
    const root = await copyVector('sqld');
    const before = await treeFingerprint(root);
    const workspace = await Workspace.open(root, none);
    const source = join(LIBSQL_VECTORS, 'sqld/dbs/default/data-wal/00000000000000000030.seg');
    await expect(workspace.store('default', { path: source, name: 'x.seg' })).rejects.toMatchObject({
      code: 'READ_ONLY_LAYOUT',
    });
    expect(await treeFingerprint(root)).toEqual(before);
  });
});

describe('compacted segments as a bucket and the wal-toolkit keep them', () => {
  for (const bucket of m.buckets) {
    it(`${bucket.format}: the segments restore to the manifest's rows at every end`, async () => {
      const loose = join(await tempDir(), 'loose');
      await mkdir(loose);
      for (const o of bucket.objects) await cp(join(LIBSQL_VECTORS, o.segment), join(loose, o.key));
      const workspace = await Workspace.open(loose, none);
      expect(workspace.layout.name).toBe('loose');
      const listed = await workspace.list('default');
      expect([...listed.segments].every((s) => s.format === bucket.format && s.status === 'ok')).toBe(true);
      expect(listed.gaps).toEqual([]);
      for (const frame of checkpoints) {
        const got = await restoreAt(workspace, frame);
        expect({ rows: got.rows, sha256: got.sha256 }).toEqual(m.expected_at_frame[frame.toString()]);
      }
    });
  }

  it('a chain that mixes formats (compacted alpha.1, v1 and sealed) applies in frame order', async () => {
    const loose = join(await tempDir(), 'mixed');
    await mkdir(loose);
    const [alpha1, v1] = m.buckets;
    const first = alpha1?.objects.find((o) => o.start === 1);
    const second = v1?.objects.find((o) => o.start === 30);
    if (!first || !second) throw new Error('the manifest lacks the objects this test mixes');
    await cp(join(LIBSQL_VECTORS, first.segment), join(loose, first.key));
    await cp(join(LIBSQL_VECTORS, second.segment), join(loose, second.key));
    for (const s of m.sqld.segments.filter((x) => x.start > 55))
      await cp(join(LIBSQL_VECTORS, s.file), join(loose, s.file.split('/').at(-1) ?? ''));
    const workspace = await Workspace.open(loose, none);
    const listed = await workspace.list('default');
    expect([...listed.segments].map((s) => s.format)).toEqual(['compacted-alpha1', 'compacted-v1', 'sealed', 'sealed']);
    expect(listed.gaps).toEqual([]);
    for (const frame of [...checkpoints, 72n, 82n]) {
      const got = await restoreAt(workspace, frame);
      expect(got.untilFrameNo).toBe(frame);
      const expected = m.expected_at_frame[frame.toString()];
      if (expected) expect({ rows: got.rows, sha256: got.sha256 }).toEqual(expected);
    }
  });

  it('a compactor output folder is one v1 segment with its raw index', async () => {
    const out = await copyVector('toolkit/out');
    const workspace = await Workspace.open(out, none);
    expect(workspace.layout.name).toBe('compactor');
    const listed = await workspace.list('default');
    expect([...listed.segments].map((s) => [s.format, s.startFrameNo, s.endFrameNo])).toEqual([
      ['compacted-v1', 1n, 107n],
    ]);
    expect(listed.unrecognized).toEqual([]);
    const got = await restoreAt(workspace, undefined);
    expect({ rows: got.rows, sha256: got.sha256 }).toEqual(m.expected_at_frame['107']);
    expect(await readdir(out)).toHaveLength(2);
  });
});
