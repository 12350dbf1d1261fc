import { copyFile, readFile, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSegscopeApi } from '../../../core/api/api.js';
import { Database } from '../../../core/sqlite/driver.js';
import { damagedTenantB, editFile } from '../../support/sqld-default-sample.js';
import { tempDir } from '../../support/segments.js';

/** The API on tenant-b of a damaged copy of the default-mode sample, as the screen opens it. */
function tenantB(root: string): ReturnType<typeof createSegscopeApi> {
  return createSegscopeApi(
    { dir: root, layout: null, namespace: 'tenant-b', remote: { kind: 'none' } },
    { onProgress: () => undefined },
  );
}

/**
 * A real SQLite database that better-sqlite3 wrote with `pageSize`-byte pages in WAL mode; `keepWal`:
 * the connection stays open with its commits in the WAL, whose path is returned as `wal`.
 */
async function sqliteFile(pageSize: number, keepWal = false): Promise<{ path: string; wal: string }> {
  const path = join(await tempDir(), 'made.db');
  const db = new Database(path);
  db.pragma(`page_size = ${pageSize}`);
  db.pragma('journal_mode = WAL');
  if (keepWal) db.pragma('wal_autocheckpoint = 0');
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v BLOB)');
  db.exec('INSERT INTO t (v) SELECT randomblob(700) FROM (SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3)');
  const wal = `${path}-wal`;
  if (keepWal) await copyFile(wal, `${path}.wal-copy`);
  db.close();
  return { path, wal: keepWal ? `${path}.wal-copy` : wal };
}

/**
 * verify fails tenant-b's `data` with `code` alone, its message saying `words`; every way onto `data` +
 * `data-wal` is refused with that code, naming data and writing nothing; the log's points still stand.
 */
async function expectDataRefused(root: string, code: string, words: string): Promise<void> {
  const api = tenantB(root);
  const verified = await api.verify({});
  expect(verified.ok).toBe(false);
  expect(verified.segments.find((s) => s.file === 'data')?.problems).toEqual([
    { code, severity: 'error', message: expect.stringContaining(words) },
  ]);
  const refused = { code, message: expect.stringMatching(/^"data"/) };
  const outDir = await tempDir();
  for (const untilWalFrame of [undefined, 0n, 83n]) {
    const out = join(outDir, `wal-${untilWalFrame ?? 'end'}.db`);
    const input = untilWalFrame === undefined ? { out } : { out, untilWalFrame };
    await expect(api.restore(input), `restore at wal:${untilWalFrame ?? 'end'}`).rejects.toMatchObject(refused);
  }
  expect(await readdir(outDir)).toEqual([]);
  await expect(api.sql({ query: 'SELECT 1', atWalFrame: 83n })).rejects.toMatchObject(refused);
  await expect(api.diff({ from: { atWalFrame: 0n }, to: { atWalFrame: 83n } })).rejects.toMatchObject(refused);
  // `points` names data and offers no wal:N point; the log's points (snapshots, to_compact, wallog) stand.
  const points = await api.points({});
  expect(points.unreadable).toEqual([
    { file: 'data', code, message: expect.stringContaining('its newest point is frame 175') },
  ]);
  expect(points.points.filter((p) => p.walFrame !== undefined)).toEqual([]);
  expect(points.points.at(-1)).toMatchObject({ frameNo: 175n, segment: 'wallog' });
  const fromLog = await api.restore({ out: join(outDir, 'log.db'), untilFrameNo: 175n });
  expect(fromLog).toMatchObject({ untilFrameNo: 175n });
}

describe("a default-mode namespace's data is SQLite's file with 4096-byte pages in WAL mode, or refused", () => {
  it("a data without SQLite's magic is BAD_MAGIC in verify, and nothing stands on it", async () => {
    const root = await damagedTenantB((ns) => editFile(join(ns, 'data'), (b) => b.write('not a database!!', 0)));
    await expectDataRefused(root, 'BAD_MAGIC', 'SQLite format 3');
  });

  it('a data of 1024-byte pages (a real one, in WAL mode) is BAD_PAGE_SIZE, and nothing stands on it', async () => {
    const made = await sqliteFile(1024);
    const header = await readFile(made.path);
    expect([header.readUInt16BE(16), header[18], header[19]]).toEqual([1024, 2, 2]);
    const root = await damagedTenantB((ns) => copyFile(made.path, join(ns, 'data')));
    await expectDataRefused(root, 'BAD_PAGE_SIZE', '1024-byte pages');
  });

  it('a data in rollback-journal mode (bytes 18-19 = 1) is a BAD_VERSION warning: it still restores', async () => {
    const root = await damagedTenantB((ns) => editFile(join(ns, 'data'), (b) => b.fill(1, 18, 20)));
    const api = tenantB(root);
    const verified = await api.verify({});
    expect(verified.ok).toBe(true);
    expect(verified.segments.find((s) => s.file === 'data')).toEqual({
      file: 'data',
      ok: true,
      problems: [{ code: 'BAD_VERSION', severity: 'warning', message: expect.stringContaining('not in WAL mode') }],
    });
    expect((await api.points({})).unreadable).toBeUndefined();
    const restored = await api.restore({ out: join(await tempDir(), 'out.db'), untilWalFrame: 83n });
    expect(restored).toMatchObject({ walFrame: 83n });
  });

  it("a data-wal of 1024-byte pages beside data's 4096 is refused as BAD_PAGE_SIZE (the WAL's own check)", async () => {
    const made = await sqliteFile(1024, true);
    const root = await damagedTenantB(async (ns) => {
      await rm(join(ns, 'data-wal'));
      await copyFile(made.wal, join(ns, 'data-wal'));
    });
    const api = tenantB(root);
    const verified = await api.verify({});
    expect(verified.segments.find((s) => s.file === 'data-wal')?.problems).toContainEqual({
      code: 'BAD_PAGE_SIZE',
      severity: 'error',
      message: expect.stringContaining('page size 1024'),
    });
    const outDir = await tempDir();
    await expect(api.restore({ out: join(outDir, 'out.db'), untilWalFrame: 1n })).rejects.toMatchObject({
      code: 'BAD_PAGE_SIZE',
    });
    expect(await readdir(outDir)).toEqual([]);
  });
});
