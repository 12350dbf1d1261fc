import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Database } from '../../../core/sqlite/driver.js';
import { bottomlessBucket, restoreAtArgs, sampleDigest } from '../../support/bottomless-vectors.js';
import { runCli } from '../../support/cli.js';
import { tempDir } from '../../support/segments.js';

/** What the query below answers, asked of SQLite directly on a database file. */
const SUMMARY =
  'SELECT count(*) AS n, coalesce(sum(length(v)), 0) AS bytes, ' +
  "coalesce(group_concat(k, ','), '') AS keys FROM (SELECT * FROM kv ORDER BY rowid)";

function direct(path: string, query: string, ...args: unknown[]): unknown[][] {
  const db = new Database(path, { readonly: true });
  try {
    return db
      .prepare(query)
      .raw()
      .all(...args) as unknown[][];
  } finally {
    db.close();
  }
}

/**
 * Rowids only in `b`, only in `a`, and in both with other values in column order: what a diff of
 * `table` must count (a table one file lacks has no rows there).
 */
function tableChanges(a: string, b: string, table: string): { added: number; removed: number; changed: number } {
  const rows = (path: string) => {
    const held = direct(path, "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = ?", table);
    if (held[0]?.[0] === 0) return new Map<unknown, string>();
    return new Map(
      direct(path, `SELECT rowid, * FROM "${table}"`).map(([key, ...values]) => [key, JSON.stringify(values)]),
    );
  };
  const before = rows(a);
  const after = rows(b);
  let added = 0;
  let changed = 0;
  for (const [key, value] of after) {
    if (!before.has(key)) added++;
    else if (before.get(key) !== value) changed++;
  }
  return { added, removed: [...before.keys()].filter((k) => !after.has(k)).length, changed };
}

describe('sql and diff at bottomless points, across generations', () => {
  const { dir, manifest } = bottomlessBucket('raw');
  /** One commit point from each generation that has one, restored and checked against the manifest. */
  const restored = async () => {
    const byGeneration = new Map(manifest.commit_points.filter((p) => !p.tombstoned).map((p) => [p.generation, p]));
    const out: { spec: string; path: string }[] = [];
    for (const point of byGeneration.values()) {
      const path = join(await tempDir(), 'db.sqlite');
      const run = await runCli(['restore', dir, ...restoreAtArgs(point, path)]);
      expect(run.code, run.err).toBe(0);
      expect(sampleDigest(path)).toBe(point.digest);
      out.push({ spec: `${point.generation}:${point.frame}`, path });
    }
    return out;
  };

  it('the usage of sql, diff and restore names the <generation>:N form they take', async () => {
    for (const [name, flags] of [
      ['sql', ['--at-frame']],
      ['diff', ['--from', '--to']],
      ['restore', ['--until-frame']],
    ] as const) {
      const help = await runCli([name, '--help']);
      expect(help.code).toBe(0);
      for (const flag of flags) expect(help.out).toContain(`${flag} N|wal:N|<generation>:N`);
    }
  });

  it('sql --at-frame <generation>:N answers what SQLite answers on that point restored', async () => {
    const points = await restored();
    expect(points.length).toBeGreaterThan(1);
    for (const { spec, path } of points) {
      const run = await runCli(['sql', dir, SUMMARY, '--at-frame', spec, '--json']);
      expect(run.code, run.err).toBe(0);
      const json = JSON.parse(run.out) as { rows: unknown[][]; atGeneration?: string; atFrameNo: string };
      expect(json.rows).toEqual(direct(path, SUMMARY));
      expect(`${json.atGeneration}:${json.atFrameNo}`).toBe(spec);
      const text = await runCli(['sql', dir, SUMMARY, '--at-frame', spec]);
      expect(text.out.split('\n')[0]).toMatch(new RegExp(`, as of ${spec}:$`));
    }
  });

  it('sql --at-time stands at the newest commit at or before the time, in whichever generation', async () => {
    const timed = manifest.time_points.filter((p) => p.error === null && p.generation !== null && p.frame > 0);
    for (const point of timed.filter((_, i) => i % Math.max(1, Math.floor(timed.length / 5)) === 0)) {
      const at = new Date(point.t * 1000).toISOString();
      const path = join(await tempDir(), 'db.sqlite');
      const restore = await runCli(['restore', dir, '--out', path, '--until-time', at]);
      expect(restore.code, restore.err).toBe(0);
      expect(sampleDigest(path)).toBe(point.digest);
      const run = await runCli(['sql', dir, SUMMARY, '--at-time', at, '--json']);
      expect(run.code, run.err).toBe(0);
      expect((JSON.parse(run.out) as { rows: unknown[][] }).rows).toEqual(direct(path, SUMMARY));
    }
  });

  it('diff counts the rows of a table added and of one whose column was renamed, as SQLite holds them', async () => {
    const points = manifest.commit_points.filter((p) => !p.tombstoned);
    const [first, last] = [points.find((p) => p.frame === 15), points.at(-1)];
    if (!first || !last) throw new Error('the sample has no commit at frame 15');
    const paths: string[] = [];
    for (const point of [first, last]) {
      const path = join(await tempDir(), 'db.sqlite');
      expect((await runCli(['restore', dir, ...restoreAtArgs(point, path)])).code).toBe(0);
      paths.push(path);
    }
    const [from, to] = [`${first.generation}:${first.frame}`, new Date(last.time * 1000).toISOString()];
    const run = await runCli(['diff', dir, '--from', from, '--to', to, '--json']);
    expect(run.code, run.err).toBe(0);
    const doc = JSON.parse(run.out) as {
      schema: { type: string; name: string; change: string }[];
      tables: { name: string; added: number; removed: number; changed: number; notCompared?: string }[];
    };
    // Between the two, events was created and items' note column renamed remark.
    expect(doc.schema).toContainEqual({ type: 'table', name: 'events', change: 'added' });
    expect(doc.schema).toContainEqual({ type: 'table', name: 'items', change: 'changed' });
    for (const name of ['events', 'items', 'kv']) {
      const entry = doc.tables.find((t) => t.name === name);
      expect(entry && { added: entry.added, removed: entry.removed, changed: entry.changed }, name).toEqual(
        tableChanges(paths[0] ?? '', paths[1] ?? '', name),
      );
      expect(entry?.notCompared).toBeUndefined();
    }
    expect(doc.tables.find((t) => t.name === 'events')?.added).toBeGreaterThan(0);
  });

  it('diff from a point of one generation to a point of another counts what the two databases differ by', async () => {
    const points = await restored();
    const first = points[0];
    const last = points.at(-1);
    if (!first || !last || first === last) throw new Error('the sample needs two generations');
    const run = await runCli(['diff', dir, '--from', first.spec, '--to', last.spec, '--json']);
    expect(run.code, run.err).toBe(0);
    const doc = JSON.parse(run.out) as { tables: { name: string; added: number; removed: number; changed: number }[] };
    const kv = doc.tables.find((t) => t.name === 'kv');
    expect(kv && { added: kv.added, removed: kv.removed, changed: kv.changed }).toEqual(
      tableChanges(first.path, last.path, 'kv'),
    );
    const [fromGeneration, fromFrame] = first.spec.split(':');
    const [toGeneration, toFrame] = last.spec.split(':');
    expect(JSON.parse(run.out)).toMatchObject({
      fromGeneration,
      toGeneration,
      fromFrameNo: Number(fromFrame),
      toFrameNo: Number(toFrame),
    });
    // The text names each point as `points` prints it and --from/--to take it: a frame alone is ambiguous here.
    const text = await runCli(['diff', dir, '--from', first.spec, '--to', last.spec]);
    expect(text.code, text.err).toBe(0);
    expect(text.out.split('\n')[0]).toMatch(new RegExp(`: from ${first.spec} to ${last.spec}$`));
  });
});
