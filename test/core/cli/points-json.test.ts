import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BOTTOMLESS_VECTORS } from '../../support/bottomless-vectors.js';
import { runCli } from '../../support/cli.js';
import { pythonDigest } from '../../support/python-digest.js';
import { tempDir } from '../../support/segments.js';
import { SQLD_DEFAULT_SAMPLE } from '../../support/sqld-default-sample.js';

interface PointJson {
  at: string;
  frameNo: number | null;
  logFrameNo?: number;
  walFrame?: number;
  generation?: string;
}

const manifest = JSON.parse(readFileSync(join(SQLD_DEFAULT_SAMPLE, '..', 'manifest.json'), 'utf8')) as {
  namespaces: {
    name: string;
    commit_points: { frame_no: number; wal_frame: number; in_data_wal: boolean; digest: string }[];
  }[];
};

async function pointsJson(argv: string[]): Promise<PointJson[]> {
  const run = await runCli(['points', ...argv, '--json']);
  expect(run.code, run.err).toBe(0);
  return (JSON.parse(run.out) as { points: PointJson[] }).points;
}

describe('points --json', () => {
  it("gives each point's own frame, and `at` restores exactly that point", async () => {
    const points = await pointsJson([SQLD_DEFAULT_SAMPLE]);
    const commits = manifest.namespaces.find((n) => n.name === 'default')?.commit_points ?? [];
    const newest = commits.at(-1)?.frame_no;
    const log = points.filter((p) => p.walFrame === undefined);
    const wal = points.filter((p) => p.walFrame !== undefined);
    expect(log.map((p) => [p.at, p.frameNo, p.logFrameNo])).toEqual([
      ['277', 277, undefined],
      ['307', 307, undefined],
    ]);
    // A commit of data-wal is no frame of the log: the log frame it follows is named as such.
    expect(wal.map((p) => p.walFrame)).toEqual([0, ...commits.filter((c) => c.in_data_wal).map((c) => c.wal_frame)]);
    for (const p of wal) expect(p).toMatchObject({ at: `wal:${p.walFrame}`, frameNo: null, logFrameNo: newest });

    const dir = await tempDir();
    const firstInWal = commits.findIndex((c) => c.in_data_wal);
    for (const p of points) {
      const out = join(dir, `${p.at.replace(':', '-')}.db`);
      const run = await runCli(['restore', SQLD_DEFAULT_SAMPLE, '--until-frame', p.at, '--out', out]);
      expect(run.code, run.err).toBe(0);
      // Said as what it stands on: data alone at wal:0, the segments applied at every other point.
      if (p.walFrame === 0)
        expect(run.out).toMatch(new RegExp(` as of wal:0 \\(the log ends at frame ${newest}\\) from data alone to `));
      else expect(run.out).toMatch(/ from \d+ segments? to /);
      // wal:0 is data alone: the state of the commit before the WAL's first.
      const expected =
        p.walFrame === undefined
          ? commits.find((c) => c.frame_no === p.frameNo)
          : p.walFrame === 0
            ? commits[firstInWal - 1]
            : commits.find((c) => c.in_data_wal && c.wal_frame === p.walFrame);
      expect(pythonDigest(out), p.at).toBe(expected?.digest);
    }
  });

  it('names a bottomless point as <generation>:N, which --at-frame takes', async () => {
    const remote = `file://${join(BOTTOMLESS_VECTORS, 'bucket-raw')}`;
    const points = await pointsJson(['--remote', remote]);
    expect(points.length).toBeGreaterThan(1);
    for (const p of points) expect(p.at).toBe(`${p.generation}:${p.frameNo}`);
    const first = points[0]?.at ?? '';
    const sql = await runCli(['sql', 'SELECT 1', '--remote', remote, '--at-frame', first, '--json']);
    expect(sql.code, sql.err).toBe(0);
    expect(JSON.parse(sql.out)).toMatchObject({ atFrameNo: points[0]?.frameNo, atGeneration: points[0]?.generation });
  });
});
