import { cp } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listNamespace, listNamespaces } from '../../../core/inspect/list-namespace.js';
import { verifyNamespace } from '../../../core/inspect/verify-files.js';
import { openLayout } from '../../../core/layouts/open-layout.js';
import { listPoints } from '../../../core/restore/points.js';
import { sourceFromLayout } from '../../../core/restore/restore-source.js';
import { restoreDatabase } from '../../../core/restore/restore.js';
import { Database } from '../../../core/sqlite/driver.js';
import { pythonDigest } from '../../support/python-digest.js';
import { treeFingerprint } from '../../support/real-data.js';
import { tempDir } from '../../support/segments.js';

const VECTORS = join(import.meta.dirname, '../../vectors/sqld-default');
const ROOT = join(VECTORS, 'data.sqld');

interface CommitPoint {
  frame_no: number;
  wal_frame: number;
  digest: string;
  from_wallog: string | null;
  in_data_wal: boolean;
}
interface NamespaceManifest {
  name: string;
  final_digest: string;
  sentinel: boolean;
  commit_points: CommitPoint[];
}
const manifest = JSON.parse(readFileSync(join(VECTORS, 'manifest.json'), 'utf8')) as {
  namespaces: NamespaceManifest[];
};

async function restoreTo(
  path: string,
  namespace: string,
  untilFrameNo?: bigint,
): Promise<{ out: string; untilFrameNo: bigint; walFrame?: bigint }> {
  const layout = await openLayout(path);
  const out = join(await tempDir(), 'restored.db');
  const result = await restoreDatabase(await sourceFromLayout(layout, namespace), {
    out,
    untilFrameNo,
    allowGaps: false,
  });
  const db = new Database(out, { readonly: true });
  expect(db.pragma('quick_check', { simple: true })).toBe('ok');
  db.close();
  return { ...result, out };
}

describe('a default-mode sqld data directory (the sample)', () => {
  it("lists both namespaces and each one's snapshots, pending log, wallog and WAL file", async () => {
    const layout = await openLayout(ROOT);
    const found = await listNamespaces(layout);
    expect(found.namespaces.map((n) => [n.name, n.maxFrameNo, n.kind])).toEqual([
      ['default', 307n, 'default-mode'],
      ['tenant-b', 175n, 'default-mode'],
    ]);
    const listed = await listNamespace(layout, 'tenant-b');
    expect(Array.from(listed.segments, (s) => [s.file, s.format])).toEqual([
      ['snapshots/2d261782-1404-48c6-ab33-599df9d78dff-0-34.snap', 'sqld-snapshot'],
      ['data-wal', 'sqlite-wal'],
      ['snapshots/2d261782-1404-48c6-ab33-599df9d78dff-35-73.snap', 'sqld-snapshot'],
      ['snapshots/2d261782-1404-48c6-ab33-599df9d78dff-74-108.snap', 'sqld-snapshot'],
      ['to_compact/4c6307fa-4f54-4f8a-b0b1-1d5a913cc144', 'wallog'],
      ['wallog', 'wallog'],
    ]);
    expect(listed.gaps).toEqual([]);
    expect(listed.overlaps).toEqual([]);
  });

  it('opens from a namespace folder, its wallog, its data-wal or its snapshots folder', async () => {
    for (const part of ['', 'wallog', 'data-wal', 'snapshots', 'to_compact']) {
      const layout = await openLayout(join(ROOT, 'dbs/tenant-b', part));
      expect(layout.defaultNamespace).toBe('tenant-b');
      expect((await listNamespace(layout, 'tenant-b')).maxFrameNo).toBe(175n);
    }
  });

  for (const ns of manifest.namespaces) {
    it(`${ns.name}: verifies, with the legitimate states as warnings`, async () => {
      const result = await verifyNamespace(await openLayout(ROOT), ns.name);
      expect(result.segments.filter((s) => !s.ok)).toEqual([]);
      expect(result.ok).toBe(true);
      const sentinel = result.segments.find((s) => s.file === '.sentinel');
      expect(sentinel !== undefined).toBe(ns.sentinel);
    });

    it(`${ns.name}: points are every commit the snapshots and logs can restore`, async () => {
      const { points } = await listPoints(await sourceFromLayout(await openLayout(ROOT), ns.name));
      const expected = ns.commit_points.filter((c) => c.from_wallog !== null).map((c) => BigInt(c.frame_no));
      expect(points.filter((p) => p.walFrame === undefined).map((p) => p.frameNo)).toEqual(expected);
      const inWal = ns.commit_points.filter((c) => c.in_data_wal).map((c) => BigInt(c.wal_frame));
      expect(points.filter((p) => p.walFrame !== undefined).map((p) => p.walFrame)).toEqual([0n, ...inWal]);
    });

    it(`${ns.name}: a restore at each commit of data-wal, and of data alone, holds what SQLite held then`, async () => {
      const source = await sourceFromLayout(await openLayout(ROOT), ns.name);
      const first = ns.commit_points.findIndex((c) => c.in_data_wal);
      // data holds the state of the commit before the WAL's first: the checkpoint SQLite made then.
      const states = [ns.commit_points[first - 1], ...ns.commit_points.slice(first)];
      for (const [i, point] of states.entries()) {
        const out = join(await tempDir(), 'at-wal.db');
        const walFrame = i === 0 ? 0n : BigInt(point?.wal_frame ?? -1);
        const result = await restoreDatabase(source, { out, untilWalFrame: walFrame, allowGaps: false });
        expect(result.walFrame).toBe(walFrame);
        expect(pythonDigest(out), `WAL frame ${walFrame}`).toBe(point?.digest);
      }
    });

    it(`${ns.name}: a restore at each of those points holds what SQLite held then`, async () => {
      for (const point of ns.commit_points.filter((c) => c.from_wallog !== null)) {
        const restored = await restoreTo(ROOT, ns.name, BigInt(point.frame_no));
        expect(restored.untilFrameNo).toBe(BigInt(point.frame_no));
        expect(pythonDigest(restored.out), `frame ${point.frame_no}`).toBe(point.digest);
      }
    });

    it(`${ns.name}: with no target, the current state comes from data + data-wal`, async () => {
      const restored = await restoreTo(ROOT, ns.name);
      const last = ns.commit_points.at(-1);
      expect(restored.walFrame).toBe(BigInt(last?.wal_frame ?? -1));
      expect(restored.untilFrameNo).toBe(BigInt(last?.frame_no ?? -1));
      expect(pythonDigest(restored.out)).toBe(ns.final_digest);
    });
  }

  it('never writes into the data directory', async () => {
    const copy = join(await tempDir(), 'data.sqld');
    await cp(ROOT, copy, { recursive: true });
    const before = await treeFingerprint(copy);
    await restoreTo(copy, 'default');
    await restoreTo(copy, 'default', 300n);
    await verifyNamespace(await openLayout(copy), 'default');
    expect(await treeFingerprint(copy)).toEqual(before);
  });
});
