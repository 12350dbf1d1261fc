import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSegscopeApi } from '../../../core/api/api.js';
import { DB_FOOTER_SIZE } from '../../../core/format/db-footer.js';
import { Database } from '../../../core/sqlite/driver.js';
import { copyVector, expectSameDatabase, rowsDigest } from '../../support/real-data.js';
import { sqldFiles } from '../../support/sqld-damage.js';
import { tempDir } from '../../support/segments.js';
import { sqldWorkloadDir, workloadSegments } from '../../support/workload.js';

/** The API on a sqld data directory's namespace `default`, as the screen opens it. */
function openDefault(root: string): ReturnType<typeof createSegscopeApi> {
  return createSegscopeApi(
    { dir: root, layout: null, namespace: 'default', remote: { kind: 'none' } },
    { onProgress: () => undefined },
  );
}

/** A real SQLite database that better-sqlite3 wrote in WAL mode with 1024-byte pages: its bytes. */
async function sqlite1024(): Promise<Buffer> {
  const path = join(await tempDir(), 'made.db');
  const db = new Database(path);
  db.pragma('page_size = 1024');
  db.pragma('journal_mode = WAL');
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v BLOB)');
  db.exec('INSERT INTO t (v) SELECT randomblob(700) FROM (SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3)');
  db.close();
  const bytes = await readFile(path);
  expect([bytes.readUInt16BE(16), bytes[18], bytes[19]]).toEqual([1024, 2, 2]);
  return bytes;
}

/** A copy of the libsql-wal vector's data directory (frames 1-29 in `data`, segments 30-107) with `data` edited. */
async function vectorWithData(edit: (data: Buffer) => Buffer): Promise<string> {
  const root = await copyVector('sqld');
  const { data } = sqldFiles(root);
  await writeFile(data, edit(await readFile(data)));
  return root;
}

/** How the listing names a `data` it does not read (from the data directory's root); verify names a read one `data`. */
const DATA = 'dbs/default/data';

/**
 * verify fails `data` with `code`, its message saying `words`; every point stands on data's pages (no
 * segment holds frames 1..29), so restore at the checkpoint, inside the segments and with no point,
 * sql and diff are refused with that code, naming data and writing nothing; points lists none.
 */
async function expectEveryPointRefused(root: string, code: string, words: string): Promise<void> {
  const api = openDefault(root);
  const verified = await api.verify({});
  expect(verified.ok).toBe(false);
  expect(verified.segments.find((s) => s.file === DATA)?.problems).toEqual([
    { code, severity: 'error', message: expect.stringContaining(words) },
  ]);
  // Each says what it left undone: a restore wrote nothing, a query ran nothing, a diff compared nothing.
  const refusedSaying = (undone: string) => ({
    code,
    message: expect.stringMatching(new RegExp(`^"${DATA}".*frames 1\\.\\.29.*${undone}`)),
  });
  const refused = refusedSaying('nothing was written');
  const outDir = await tempDir();
  for (const untilFrameNo of [undefined, 29n, 55n, 107n]) {
    const out = join(outDir, `at-${untilFrameNo ?? 'end'}.db`);
    const input = untilFrameNo === undefined ? { out } : { out, untilFrameNo };
    await expect(api.restore(input), `restore at ${untilFrameNo ?? 'end'}`).rejects.toMatchObject(refused);
  }
  await expect(api.restore({ out: join(outDir, 'gaps.db'), allowGaps: true })).rejects.toMatchObject(refused);
  expect(await readdir(outDir)).toEqual([]);
  await expect(api.sql({ query: 'SELECT count(*) FROM t', atFrameNo: 55n })).rejects.toMatchObject(
    refusedSaying('the query was not run'),
  );
  await expect(api.diff({ from: { atFrameNo: 55n }, to: { atFrameNo: 90n } })).rejects.toMatchObject(
    refusedSaying('nothing was compared'),
  );
  const points = await api.points({});
  expect(points.points).toEqual([]);
  expect(points.unreadable).toEqual([
    { file: DATA, code, fromFrameNo: 1n, message: expect.stringContaining('no segment holds frames 1..29') },
  ]);
}

describe("a libsql-wal namespace's data is held to SQLite's header rules, as the default mode's is", () => {
  it("a data without SQLite's magic is BAD_MAGIC, and no point stands on it", async () => {
    const root = await vectorWithData((data) => data.fill(0xa5, 0, 100));
    await expectEveryPointRefused(root, 'BAD_MAGIC', 'SQLite format 3');
  });

  it('a real data of 1024-byte pages, with its footer, is BAD_PAGE_SIZE, and no point stands on it', async () => {
    const made = await sqlite1024();
    const root = await vectorWithData((data) => {
      // Whole 4096-byte units before the footer, as the size of a libsql-wal data has them.
      const pages = Buffer.alloc(Math.ceil(made.length / 4096) * 4096);
      made.copy(pages);
      return Buffer.concat([pages, data.subarray(data.length - DB_FOOTER_SIZE)]);
    });
    await expectEveryPointRefused(root, 'BAD_PAGE_SIZE', "1024-byte pages; sqld's databases use 4096-byte pages");
  });

  it('a data whose read version SQLite refuses (byte 19 = 3) is BAD_VERSION, and no point stands on it', async () => {
    const root = await vectorWithData((data) => data.fill(3, 19, 20));
    await expectEveryPointRefused(root, 'BAD_VERSION', 'read version is past 2');
  });

  it('a data in rollback-journal mode (bytes 18-19 = 1) is a BAD_VERSION warning: every point restores', async () => {
    const root = await vectorWithData((data) => data.fill(1, 18, 20));
    const api = openDefault(root);
    const verified = await api.verify({});
    expect(verified.ok).toBe(true);
    expect(verified.segments.find((s) => s.file === 'data')?.problems).toEqual([
      { code: 'BAD_VERSION', severity: 'warning', message: expect.stringContaining("its segments' frames on top") },
    ]);
    const points = await api.points({});
    expect(points.unreadable).toBeUndefined();
    expect(points.points[0]).toMatchObject({ frameNo: 29n, segment: 'data' });
    const out = join(await tempDir(), 'at-55.db');
    expect(await api.restore({ out, untilFrameNo: 55n })).toMatchObject({ untilFrameNo: 55n });
    expect(rowsDigest(out).rows).toBe(64);
  });

  it('segments that hold every frame from 1 stand alone beside a data that is refused', async () => {
    const segments = await workloadSegments({ seed: 7, transactions: 12 });
    const { root, written } = await sqldWorkloadDir(segments, 7, 0, false);
    await writeFile(written.dataPath, await sqlite1024());
    const api = openDefault(root);
    const verified = await api.verify({});
    expect(verified.segments.find((s) => s.file === DATA)?.problems).toEqual([
      { code: 'BAD_PAGE_SIZE', severity: 'error', message: expect.stringContaining('1024-byte pages') },
    ]);
    // Nothing is left out: every commit is a point, and restores from the segments alone.
    const commits = segments.flatMap((s) => s.transactions);
    const points = await api.points({});
    expect(points.unreadable).toBeUndefined();
    expect(points.points).toHaveLength(commits.length);
    const outDir = await tempDir();
    for (const tx of [commits[0], commits.at(-1)]) {
      const frameNo = tx?.frames.at(-1)?.frameNo ?? 0n;
      const out = join(outDir, `at-${frameNo}.db`);
      expect(await api.restore({ out, untilFrameNo: frameNo })).toMatchObject({ untilFrameNo: frameNo });
      await expectSameDatabase(out, tx?.snapshot ?? null);
    }
  });
});
