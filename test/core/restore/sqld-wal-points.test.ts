import { mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyNamespace } from '../../../core/inspect/verify-files.js';
import { openLayout } from '../../../core/layouts/open-layout.js';
import type { RestorePoint } from '../../../core/model/results.js';
import { listPoints } from '../../../core/restore/points.js';
import { sourceFromLayout } from '../../../core/restore/restore-source.js';
import { restoreDatabase } from '../../../core/restore/restore.js';
import { Database } from '../../../core/sqlite/driver.js';
import { PointDatabases } from '../../../core/timetravel/point-database.js';
import { diffPoints, sqlAt } from '../../../core/timetravel/time-travel.js';
import { tablesOf, treeFingerprint } from '../../support/real-data.js';
import { tempDir } from '../../support/segments.js';

const FRAME = 24 + 4096;

/**
 * A default-mode namespace folder as a running sqld leaves it: SQLite holds `data` open in WAL
 * mode with no automatic checkpoint, so every commit since the schema's checkpoint is in
 * `data-wal`; among them a transaction larger than the page cache (spilled into the WAL before
 * its commit), and rolled-back spilled transactions, one in the middle (overwritten by the next
 * commit) and one at the end (an uncommitted tail).
 */
async function runningNamespace(): Promise<{ root: string; nsDir: string; writer: Database; states: unknown[] }> {
  const root = await mkdtemp(join(tmpdir(), 'segscope-wal-points-'));
  const nsDir = join(root, 'dbs', 'default');
  await mkdir(nsDir, { recursive: true });
  const writer = new Database(join(nsDir, 'data'));
  writer.pragma('journal_mode = WAL');
  writer.pragma('wal_autocheckpoint = 0');
  writer.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, k TEXT, v BLOB)');
  writer.exec("INSERT INTO t (k, v) VALUES ('a', zeroblob(10)), ('b', randomblob(3000))");
  writer.pragma('wal_checkpoint(TRUNCATE)');
  const states: unknown[] = [tablesOf(writer)];
  // One transaction each: exec() alone would commit every statement on its own.
  const commit = (sql: string) => {
    writer.exec(`BEGIN; ${sql}; COMMIT`);
    states.push(tablesOf(writer));
  };
  const spill = (rows: number) =>
    `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${rows}) ` +
    "INSERT INTO t (k, v) SELECT 'bulk' || i, randomblob(1500) FROM n";
  commit("INSERT INTO t (k, v) VALUES ('c', x'00ff'), ('d', NULL)");
  commit("UPDATE t SET k = 'b2' WHERE k = 'b'");
  writer.pragma('cache_size = 4');
  writer.exec(`BEGIN; ${spill(400)}; ROLLBACK`);
  commit(spill(300));
  commit("DELETE FROM t WHERE id % 3 = 0; CREATE TABLE u (x INTEGER PRIMARY KEY, y); INSERT INTO u VALUES (1, 'one')");
  commit("UPDATE u SET y = 'uno'; INSERT INTO t (k) VALUES ('last')");
  writer.exec(`BEGIN; ${spill(500)}; ROLLBACK`);
  return { root, nsDir, writer, states };
}

describe("a default-mode namespace's SQLite WAL file: every commit in it is a point", () => {
  let ns: Awaited<ReturnType<typeof runningNamespace>>;
  let walPoints: RestorePoint[] = [];
  beforeAll(async () => {
    ns = await runningNamespace();
  });
  afterAll(async () => {
    ns.writer.close();
    await rm(ns.root, { recursive: true, force: true });
  });

  it('points lists data (WAL frame 0) and each committed transaction, not the rolled-back ones', async () => {
    const source = await sourceFromLayout(await openLayout(ns.root), 'default');
    const { points } = await listPoints(source);
    walPoints = points.filter((p) => p.walFrame !== undefined);
    expect(walPoints).toHaveLength(ns.states.length);
    expect(walPoints[0]).toMatchObject({ walFrame: 0n, segment: 'data' });
    expect(walPoints.slice(1).every((p) => p.segment === 'data-wal')).toBe(true);
    const frames = walPoints.map((p) => Number(p.walFrame));
    expect(frames).toEqual([...frames].sort((a, b) => a - b));
    // The spilled transaction rolled back at the end left frames past the last commit: a tail that does not count.
    const walFrames = ((await stat(join(ns.nsDir, 'data-wal'))).size - 32) / FRAME;
    expect(walFrames).toBeGreaterThan(frames.at(-1) ?? 0);
    const verified = await verifyNamespace(await openLayout(ns.root), 'default');
    const wal = verified.segments.find((s) => s.file === 'data-wal');
    expect(wal?.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(wal?.problems.some((p) => p.severity === 'warning')).toBe(true);
  });

  it('restore, sql and diff stand at every WAL commit with the rows SQLite held then; nothing written', async () => {
    const before = await treeFingerprint(ns.root);
    const source = await sourceFromLayout(await openLayout(ns.root), 'default');
    const databases = new PointDatabases();
    try {
      for (const [i, point] of walPoints.entries()) {
        const out = join(await tempDir(), 'at-wal.db');
        const result = await restoreDatabase(source, { out, untilWalFrame: point.walFrame, allowGaps: false });
        expect(result.walFrame).toBe(point.walFrame);
        const restored = new Database(out, { readonly: true });
        try {
          expect(restored.pragma('quick_check', { simple: true })).toBe('ok');
          expect(tablesOf(restored)).toEqual(ns.states[i]);
        } finally {
          restored.close();
        }
        const counted = await sqlAt(
          { points: databases, sourceId: ns.root, source },
          { atWalFrame: point.walFrame },
          'SELECT count(*) FROM t',
        );
        expect(counted.atWalFrame).toBe(point.walFrame);
        const expectedRows = (ns.states[i] as Record<string, unknown[]>).t?.length;
        expect(counted.rows).toEqual([[BigInt(expectedRows ?? -1)]]);
      }
      // Between the second and third commits lies the spilled transaction's 300 rows.
      const [from, to] = [walPoints[2]?.walFrame, walPoints[3]?.walFrame];
      const diff = await diffPoints(
        { points: databases, sourceId: ns.root, source },
        { atWalFrame: from },
        { atWalFrame: to },
        { limit: 1000 },
      );
      expect(diff).toMatchObject({ fromWalFrame: from, toWalFrame: to });
      expect(diff.tables.find((t) => t.name === 't')).toMatchObject({ added: 300, removed: 0, changed: 0 });
    } finally {
      await databases.dispose();
    }
    // A frame index between two commits stands at the earlier one, as SQLite would read it.
    const between = (walPoints[2]?.walFrame ?? 0n) + 1n;
    const result = await restoreDatabase(source, {
      out: join(await tempDir(), 'between.db'),
      untilWalFrame: between,
      allowGaps: false,
    });
    expect(result.walFrame).toBe(walPoints[2]?.walFrame);
    expect(await treeFingerprint(ns.root)).toEqual(before);
  });
});
