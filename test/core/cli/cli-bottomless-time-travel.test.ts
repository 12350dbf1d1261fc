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

function direct(path: string, query: string): unknown[][] {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare(query).raw().all() as unknown[][];
  } finally {
    db.close();
  }
}

/** Rowids only in `b`, only in `a`, and in both with other values: what a diff of kv must count. */
function kvChanges(a: string, b: string): { added: number; removed: number; changed: number } {
  const rows = (path: string) =>
    new Map(direct(path, 'SELECT rowid, k, hex(v) FROM kv').map((r) => [r[0], `${String(r[1])}|${String(r[2])}`]));
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
      kvChanges(first.path, last.path),
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
