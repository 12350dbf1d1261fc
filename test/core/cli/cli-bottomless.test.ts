import { cp, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  bottomlessBucket,
  expectedRows,
  restoreAtArgs,
  sampleDigest,
  listedPoints,
} from '../../support/bottomless-vectors.js';
import { runCli } from '../../support/cli.js';
import { tempDir } from '../../support/segments.js';

interface ListJson {
  layout: string;
  segments: {
    file: string;
    format: string;
    startFrameNo: number;
    endFrameNo: number;
    generation: string;
    size: number;
    createdAt: string;
    location: string;
  }[];
  gaps: unknown[];
  overlaps: unknown[];
}

describe('segscope on a bottomless bucket folder', () => {
  const { dir, manifest } = bottomlessBucket('zstd');

  it('namespaces and list: the batches of every generation, grouped by generation, oldest first', async () => {
    const namespaces = await runCli(['namespaces', dir, '--json']);
    expect(JSON.parse(namespaces.out)).toMatchObject({ layout: 'bottomless', namespaces: [{ name: 'default' }] });
    const list = await runCli(['list', dir, '--json']);
    expect(list.code).toBe(0);
    const doc = JSON.parse(list.out) as ListJson;
    expect(doc.layout).toBe('bottomless');
    // Each generation's snapshot first (its point 0), then its batches: the snapshot is in no gap or overlap.
    expect(
      doc.segments.map(({ file, generation, format, startFrameNo, endFrameNo }) => {
        return { file, generation, format, startFrameNo, endFrameNo };
      }),
    ).toEqual(expectedRows(manifest));
    expect(doc.gaps).toEqual([]);
    expect(doc.overlaps).toEqual([]);
  });

  it("list shows a generation's snapshot with its size as stored, the generation's time, and point 0", async () => {
    const doc = JSON.parse((await runCli(['list', dir, '--json'])).out) as ListJson;
    const snapshots = doc.segments.filter((s) => s.format === 'bottomless-snapshot');
    const made = manifest.generations.filter((g) => g.snapshot !== null);
    expect(snapshots.map((s) => s.generation)).toEqual(made.map((g) => g.uuid));
    for (const [i, s] of snapshots.entries()) {
      const g = made[i];
      expect(s.size).toBe((await stat(join(dir, s.file))).size);
      expect(Date.parse(s.createdAt) - (g?.created_ms ?? 0)).toBeLessThan(1000);
      expect(s.location).toBe('local');
    }
    const text = (await runCli(['list', dir])).out.split('\n');
    const first = snapshots[0];
    const line = text.find((l) => first !== undefined && l.endsWith(first.file)) ?? '';
    expect(line).toMatch(
      new RegExp(`^ +0 +0 +\\S+ +bottomless-snapshot +${first?.size ?? -1} +local +ok +${first?.generation}`),
    );
  });

  it("points lists each generation's start, where a frame before its first commit stands", async () => {
    const { points } = JSON.parse((await runCli(['points', dir, '--json'])).out) as {
      points: { frameNo: number; generation: string; time: string | null }[];
    };
    for (const g of manifest.generations) {
      const first = manifest.commit_points.find((p) => p.generation === g.uuid);
      const start = points.find((p) => p.generation === g.uuid && p.frameNo === 0);
      // The database's first generation starts from an empty one: a restore to a time refuses it.
      const empty = g.snapshot === null && g.parent === null;
      expect(start?.time).toBe(empty ? null : new Date(Math.floor(g.created_ms / 1000) * 1000).toISOString());
      if (!first || first.frame < 2) continue;
      const sql = await runCli(['sql', dir, 'SELECT 1', '--at-frame', `${g.uuid}:${first.frame - 1}`]);
      expect(sql.out).toContain(`as of ${g.uuid}:0:`);
    }
    // Where a restore to a time stands at a generation's start, the newest point timed by then is that start.
    for (const t of manifest.time_points.filter((p) => p.frame === 0 && p.generation !== null)) {
      const by = points.filter((p) => p.time !== null && Date.parse(p.time) <= t.t * 1000).at(-1);
      const g = manifest.generations.find((x) => x.uuid === t.generation);
      if (g?.snapshot === null && g.parent === null) expect(by).toBeUndefined();
      else expect(by && `${by.generation}:${by.frameNo}`).toBe(`${t.generation}:0`);
    }
  });

  it(
    'points lists every commit with its generation; restore ' + '--generation --until-frame matches the manifest',
    async () => {
      const points = JSON.parse((await runCli(['points', dir, '--json'])).out) as {
        points: { frameNo: number; generation: string }[];
      };
      expect(points.points.map((p) => `${p.generation}:${p.frameNo}`)).toEqual(
        listedPoints(manifest).map((p) => `${p.generation}:${p.frame}`),
      );
      const point = manifest.commit_points[Math.floor(manifest.commit_points.length / 2)];
      if (!point) throw new Error('no commit points');
      const out = join(await tempDir(), 'db.sqlite');
      const run = await runCli(['restore', '--dir', dir, ...restoreAtArgs(point, out)]);
      expect(run.err).toBe('');
      expect(JSON.parse(run.out)).toMatchObject({ untilFrameNo: point.frame, generation: point.generation });
      expect(sampleDigest(out)).toBe(point.digest);
      const bad = await runCli([
        'restore',
        '--dir',
        dir,
        '--out',
        join(await tempDir(), 'x.db'),
        '--generation',
        'nope',
      ]);
      expect(bad.code).toBe(2);
      expect(bad.err).toMatch(/^segscope: INVALID_ARGUMENT: .*--generation/);
    },
  );
});

describe('segscope verify on a bottomless bucket folder', () => {
  it('passes the samples, warning of the uncommitted tail; a broken frame fails naming it', async () => {
    const { dir, manifest } = bottomlessBucket('raw');
    const run = await runCli(['verify', dir, '--json']);
    expect(run.code).toBe(0);
    const doc = JSON.parse(run.out) as {
      ok: boolean;
      segments: { file: string; problems: { code: string; severity: string }[] }[];
    };
    expect(doc.ok).toBe(true);
    const tailed = manifest.generations.filter((g) => g.tail_frames > 0);
    expect(doc.segments.filter((s) => s.problems.some((p) => p.code === 'MISSING_COMMIT_FRAME')).length).toBe(
      tailed.length,
    );
    const copy = join(await tempDir(), 'bucket');
    await cp(dir, copy, { recursive: true });
    const g = manifest.generations[1];
    const batch = g?.batches[1];
    if (!g || !batch) throw new Error('sample too small');
    const path = join(copy, `${manifest.db_name}-${g.uuid}`, batch.key);
    const bytes = await readFile(path);
    bytes[100] = (bytes[100] ?? 0) ^ 1;
    await writeFile(path, bytes);
    const broken = await runCli(['verify', copy]);
    expect(broken.code).toBe(1);
    expect(broken.out).toContain(`CHECKSUM_MISMATCH: frame ${batch.first} of generation ${g.uuid}`);
  });
});
