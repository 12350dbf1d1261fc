import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { Workspace } from '../../../core/api/workspace.js';
import { Database } from '../../../core/sqlite/driver.js';
import { PointDatabases } from '../../../core/timetravel/point-database.js';
import { QueryProcess } from '../../../core/timetravel/query-process.js';
import { diffPoints, sqlAt } from '../../../core/timetravel/time-travel.js';
import type { GeneratedSegment } from '../../../core/workload/generate.js';
import { seededRandom } from '../../../core/workload/random.js';
import { runCli } from '../../support/cli.js';
import { copyVector, treeFingerprint } from '../../support/real-data.js';
import { tempDir } from '../../support/segments.js';
import { sqldWorkloadDir, workloadDir, workloadSegments } from '../../support/workload.js';

const points = new PointDatabases();
afterAll(() => points.dispose());

async function sqldWorkload(seed: number): Promise<{ root: string; segments: GeneratedSegment[] }> {
  const segments = await workloadSegments({ seed, transactions: 20 });
  const { root } = await sqldWorkloadDir(segments, seed, 1, true);
  return { root, segments };
}

/** What SQLite held at that commit, asked directly of the snapshot taken then. */
async function askSnapshot(snapshot: Uint8Array | null, query: string): Promise<unknown[][]> {
  const path = join(await tempDir(), 'snapshot.db');
  await writeFile(path, snapshot ?? new Uint8Array());
  const db = new Database(path, { readonly: true });
  try {
    return (db.prepare(query).safeIntegers(true).raw(true).all() as unknown[][]).map((r) =>
      r.map((v) => (v instanceof Uint8Array ? { $hex: Buffer.from(v).toString('hex') } : v)),
    );
  } finally {
    db.close();
  }
}

const QUERY = 'SELECT id, name, balance, note FROM accounts ORDER BY id';

describe('SQL as of a point', () => {
  it('answers exactly what SQLite answered at every commit after the checkpoint', async () => {
    const { root, segments } = await sqldWorkload(11);
    const source = await (await Workspace.open(root, { remote: { kind: 'none' } })).restoreSource('default');
    const commits = segments.slice(1).flatMap((s) => s.transactions);
    for (const tx of commits.filter((_, i) => i % 2 === 0)) {
      const frame = tx.frames.at(-1)?.frameNo ?? 0n;
      const result = await sqlAt({ points, sourceId: root, source }, { atFrameNo: frame }, QUERY);
      expect(result.atFrameNo).toBe(frame);
      expect(result.columns).toEqual(['id', 'name', 'balance', 'note']);
      expect(result.rows).toEqual(await askSnapshot(tx.snapshot, QUERY));
    }
  });

  it('refuses a point past missing frames with CHAIN_GAP, and answers before them when gaps are allowed', async () => {
    const prefix = await tempDir();
    const segments = await workloadDir(prefix);
    await rm(join(prefix, 'segments', segments[2]?.key ?? ''));
    const source = await (await Workspace.open(prefix, { remote: { kind: 'none' } })).restoreSource('default');
    const newest = segments.at(-1)?.endFrameNo;
    await expect(sqlAt({ points, sourceId: prefix, source }, { atFrameNo: newest }, 'SELECT 1')).rejects.toMatchObject({
      code: 'CHAIN_GAP',
    });
    const across = await sqlAt(
      { points, sourceId: prefix, source },
      { atFrameNo: newest, allowGaps: true },
      'SELECT count(*) FROM sqlite_schema',
    );
    // It stands before the gap, on what the segments there prove, not past it.
    expect(across.atFrameNo).toBe(segments[1]?.endFrameNo);
    // The refusal is not kept in place of the database built before the gap, nor the other way round.
    await expect(sqlAt({ points, sourceId: prefix, source }, { atFrameNo: newest }, 'SELECT 1')).rejects.toMatchObject({
      code: 'CHAIN_GAP',
    });
  });

  it(
    'refuses anything that would write, ATTACH, and a ' + 'second statement, with READ_ONLY, changing nothing',
    async () => {
      const { root } = await sqldWorkload(12);
      const before = await treeFingerprint(root);
      const source = await (await Workspace.open(root, { remote: { kind: 'none' } })).restoreSource('default');
      for (const query of [
        "INSERT INTO accounts (name, balance) VALUES ('x', 1)",
        'UPDATE accounts SET balance = 0',
        'DELETE FROM events',
        'CREATE TABLE t (x)',
        'DROP TABLE accounts',
        "ATTACH DATABASE '/tmp/elsewhere.db' AS other",
        'PRAGMA user_version = 7',
        'SELECT 1; SELECT 2',
      ]) {
        await expect(sqlAt({ points, sourceId: root, source }, {}, query), query).rejects.toMatchObject({
          code: 'READ_ONLY',
        });
      }
      const built = await points.at(root, source, {});
      const user = await sqlAt({ points, sourceId: root, source }, {}, 'PRAGMA user_version');
      expect(user.rows).toEqual([[0n]]);
      expect(
        new Database(built.path, { readonly: true }).prepare('SELECT count(*) FROM sqlite_schema').pluck().get(),
      ).toBeGreaterThan(0);
      expect(await treeFingerprint(root)).toEqual(before);
    },
  );

  it('cuts at the row limit and says so; the CLI prints blobs as hex and u64 with every digit', async () => {
    const root = await copyVector('sqld');
    const source = await (await Workspace.open(root, { remote: { kind: 'none' } })).restoreSource('default');
    const cut = await sqlAt({ points, sourceId: root, source }, { atFrameNo: 90n }, 'SELECT id FROM t ORDER BY id', 5);
    expect(cut).toMatchObject({ atFrameNo: 90n, truncated: true });
    expect(cut.rows).toHaveLength(5);
    const run = await runCli([
      'sql',
      root,
      'SELECT id, v, 18446744073709551615 - 1 AS big FROM t ORDER BY id LIMIT 1',
      '--at-frame',
      '55',
      '--json',
    ]);
    expect(run.code, run.err).toBe(0);
    expect(run.out).toMatch(/"\$hex": "[0-9a-f]*"/);
    expect(run.out).toContain('"atFrameNo": 55');
    const refused = await runCli(['sql', root, 'DELETE FROM t', '--at-frame', '55']);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/^segscope: READ_ONLY: /);
  });
});

describe('results stream', () => {
  it(
    'the binary writes rows as SQLite produces them: an ' + 'endless query shows its first rows before it is stopped',
    async () => {
      const root = await copyVector('sqld');
      const endless = 'WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT i, i * 2 AS twice FROM n';
      const child = spawn(
        process.execPath,
        // The table streams (a --json document is whole or nothing: sql-json tests that).
        ['bin/segscope.cjs', 'sql', root, endless, '--limit', '10000000'],
        {
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      try {
        let out = '';
        await new Promise<void>((resolve, reject) => {
          child.stdout.on('data', (chunk: Buffer) => {
            out += chunk.toString();
            if (out.length > 200_000) resolve();
          });
          child.on('exit', (code) => reject(new Error(`the command ended (${code}) before streaming its rows`)));
        });
        const lines = out.split('\n');
        expect(lines[0]).toMatch(/^namespace default, as of frame \d+:$/);
        expect(lines.slice(1, 4)).toEqual(['i    twice', '1    2', '2    4']);
      } finally {
        child.kill('SIGKILL');
      }
    },
  );

  it('the text output ends with the count, and the row limit cuts the stream and says so', async () => {
    const root = await copyVector('sqld');
    const run = await runCli(['sql', root, 'SELECT id FROM t ORDER BY id', '--at-frame', '90', '--limit', '4']);
    expect(run.code, run.err).toBe(0);
    const lines = run.out.trimEnd().split('\n');
    expect(lines[0]).toBe('namespace default, as of frame 90:');
    expect(lines[1]).toBe('id');
    expect(lines.slice(2, 6)).toHaveLength(4);
    expect(lines.at(-1)).toBe('4 rows (cut at the row limit; --limit raises it)');
    const json = await runCli([
      'sql',
      root,
      'SELECT id FROM t ORDER BY id',
      '--at-frame',
      '90',
      '--limit',
      '4',
      '--json',
    ]);
    const document = JSON.parse(json.out) as { rows: unknown[]; truncated: boolean };
    expect(document.rows).toHaveLength(4);
    expect(document.truncated).toBe(true);
    const whole = JSON.parse(
      (await runCli(['sql', root, 'SELECT count(*) AS n FROM t', '--at-frame', '90', '--json'])).out,
    ) as { rows: unknown[][]; truncated: boolean };
    expect(whole.truncated).toBe(false);
    expect(whole.rows).toHaveLength(1);
  });
});

describe('changes between two points', () => {
  it('equals the difference of the two row sets, computed independently, for pairs of points', async () => {
    const { root, segments } = await sqldWorkload(13);
    const source = await (await Workspace.open(root, { remote: { kind: 'none' } })).restoreSource('default');
    const commits = segments.slice(1).flatMap((s) => s.transactions);
    const random = seededRandom(99);
    for (let n = 0; n < 5; n++) {
      const a = commits[Math.floor(random() * commits.length)];
      const b = commits[Math.floor(random() * commits.length)];
      if (!a || !b || a === b) continue;
      const [from, to] = (a.frames.at(-1)?.frameNo ?? 0n) < (b.frames.at(-1)?.frameNo ?? 0n) ? [a, b] : [b, a];
      const rowsOf = async (tx: typeof a) =>
        new Map(
          (await askSnapshot(tx.snapshot, QUERY)).map((r) => [
            String(r[0]),
            JSON.stringify(r, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)),
          ]),
        );
      const [old, now] = [await rowsOf(from), await rowsOf(to)];
      const expected = {
        added: [...now.keys()].filter((k) => !old.has(k)).length,
        removed: [...old.keys()].filter((k) => !now.has(k)).length,
        changed: [...now.keys()].filter((k) => old.has(k) && old.get(k) !== now.get(k)).length,
      };
      const result = await diffPoints(
        { points, sourceId: root, source },
        { atFrameNo: from.frames.at(-1)?.frameNo },
        { atFrameNo: to.frames.at(-1)?.frameNo },
        { limit: 1000 },
      );
      const accounts = result.tables.find((t) => t.name === 'accounts');
      expect({ added: accounts?.added ?? 0, removed: accounts?.removed ?? 0, changed: accounts?.changed ?? 0 }).toEqual(
        expected,
      );
      const changedRow = accounts?.rows.find((r) => r.change === 'changed');
      if (changedRow) {
        const [key] = changedRow.key;
        const id = typeof key === 'object' ? JSON.stringify(key) : String(key);
        expect(
          JSON.stringify(Object.values(changedRow.after ?? {}), (_k, v: unknown) =>
            typeof v === 'bigint' ? v.toString() : v,
          ),
        ).toBe(now.get(id));
      }
    }
  });

  it('diff on the CLI: schema unchanged, rows per table, --limit bounds the rows and not the counts', async () => {
    const root = await copyVector('sqld');
    const run = await runCli(['diff', root, '--from', '29', '--to', '107', '--limit', '3', '--json']);
    expect(run.code, run.err).toBe(0);
    const result = JSON.parse(run.out) as {
      schema: unknown[];
      tables: { name: string; added: number; rows: unknown[] }[];
    };
    expect(result.schema).toEqual([]);
    const t = result.tables.find((x) => x.name === 't');
    expect(t?.added).toBeGreaterThan(3);
    expect(t?.rows).toHaveLength(3);
  });
});

describe('point databases', () => {
  it('a process that exits without disposing of them leaves none behind', async () => {
    const root = await copyVector('sqld');
    const dist = (path: string) => JSON.stringify(new URL(`../../../dist/core/${path}`, import.meta.url).href);
    const script = `
      const { Workspace } = await import(${dist('api/workspace.js')});
      const { PointDatabases } = await import(${dist('timetravel/point-database.js')});
      const workspace = await Workspace.open(process.argv[1], { remote: { kind: 'none' } });
      const source = await workspace.restoreSource('default');
      const built = await new PointDatabases().at('x', source, {});
      console.log(built.path);`;
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script, root]);
    const path = stdout.trim();
    expect(path).toMatch(/segscope-points-[^/]+\/[0-9a-f]{24}\.db$/);
    expect(existsSync(dirname(path))).toBe(false);
  });
});

describe('queries on their own thread', () => {
  it('a long query is cancelled: it answers CANCELLED, and the next query runs', async () => {
    const root = await copyVector('sqld');
    const source = await (await Workspace.open(root, { remote: { kind: 'none' } })).restoreSource('default');
    const worker = new QueryProcess();
    try {
      const endless = 'WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT count(*) FROM n';
      await points.at(root, source, {}); // built first, so the query itself is what runs
      const running = sqlAt({ points, sourceId: root, source, worker }, {}, endless, 10);
      await new Promise((r) => setTimeout(r, 500));
      const started = Date.now();
      await worker.cancel();
      await expect(running).rejects.toMatchObject({ code: 'CANCELLED' });
      expect(Date.now() - started).toBeLessThan(2000);
      const after = await sqlAt(
        { points, sourceId: root, source, worker },
        { atFrameNo: 55n },
        'SELECT count(*) FROM t',
        10,
      );
      expect(after.rows).toEqual([[64n]]);
      await expect(sqlAt({ points, sourceId: root, source, worker }, {}, 'DELETE FROM t', 10)).rejects.toMatchObject({
        code: 'READ_ONLY',
      });
      // Diffs run there too, with the same answer as in this process.
      const [from, to] = [{ atFrameNo: 29n }, { atFrameNo: 107n }];
      expect(await diffPoints({ points, sourceId: root, source, worker }, from, to, { limit: 5 })).toEqual(
        await diffPoints({ points, sourceId: root, source }, from, to, { limit: 5 }),
      );
    } finally {
      await worker.close();
    }
  });
});
