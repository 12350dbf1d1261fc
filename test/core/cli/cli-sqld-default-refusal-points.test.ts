import { readdir, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../support/cli.js';
import { tempDir } from '../../support/segments.js';
import { SQLD_DEFAULT_SAMPLE, damagedTenantB, editFile, flipLogPage } from '../../support/sqld-default-sample.js';

const AT = ['--namespace', 'tenant-b'];

/** tenant-b's points as `points --json` names them (`at`), the log's and data-wal's apart. */
async function pointsOf(root: string): Promise<{ log: string[]; wal: string[] }> {
  const { points } = JSON.parse((await runCli(['points', root, ...AT, '--json'])).out) as { points: { at: string }[] };
  const at = points.map((p) => p.at);
  return { log: at.filter((a) => !a.startsWith('wal:')), wal: at.filter((a) => a.startsWith('wal:')) };
}

/** What every refusal of a log point adds where data and data-wal stand, in the points' own names. */
const history = (wal: string[]) =>
  `data and data-wal are a history of their own: its points are ${wal[0]} to ${wal.at(-1)}, the newest being the ` +
  'current state';

describe("a default-mode namespace's refusal of a log point names the points that stand", () => {
  it("a frame before the log: restore, sql and diff name the log's first point and the nearest wal:N", async () => {
    const { log, wal } = await pointsOf(SQLD_DEFAULT_SAMPLE);
    const asked = 20;
    // The sample's WAL file has commits on both sides of 20, and its log none at or before it.
    const before = wal.filter((w) => Number(w.slice(4)) < asked).at(-1);
    const after = wal.find((w) => Number(w.slice(4)) > asked);
    expect(Number(log[0])).toBeGreaterThan(asked);
    const message =
      `FRAME_NOT_FOUND: no restore point is at or before frame ${asked} (the log's first point is frame ${log[0]}; ` +
      `${history(wal)}; if wal:${asked} was meant, ${before} and ${after} are its nearest)`;
    const out = join(await tempDir(), 'at.db');
    for (const argv of [
      ['restore', SQLD_DEFAULT_SAMPLE, ...AT, '--until-frame', String(asked), '--out', out],
      ['restore', SQLD_DEFAULT_SAMPLE, ...AT, '--until-frame', String(asked), '--out', out, '--json'],
      ['sql', SQLD_DEFAULT_SAMPLE, ...AT, 'SELECT 1', '--at-frame', String(asked)],
      ['diff', SQLD_DEFAULT_SAMPLE, ...AT, '--from', String(asked), '--to', log[0] ?? ''],
    ]) {
      const run = await runCli(argv);
      expect(run.code, argv.join(' ')).toBe(1);
      expect(run.err).toBe(`segscope: ${message}\n`);
    }
    expect(await readdir(join(out, '..'))).toEqual([]);
    // Each point named is one `points` lists, and stands.
    for (const point of [log[0], before, after])
      expect((await runCli(['sql', SQLD_DEFAULT_SAMPLE, ...AT, 'SELECT 1', '--at-frame', point ?? ''])).code).toBe(0);
  });

  it("a time no point records: restore, sql and diff alike name the log's first point and data-wal's", async () => {
    const { log, wal } = await pointsOf(SQLD_DEFAULT_SAMPLE);
    const time = '2020-01-01T00:00:00Z';
    // The sample's log records no time; a refusal by time says so, and where to stand instead.
    const message =
      `FRAME_NOT_FOUND: no restore point records a time (the log's first point is frame ${log[0]}; ` +
      `${history(wal)})`;
    const out = join(await tempDir(), 'at.db');
    for (const argv of [
      ['restore', SQLD_DEFAULT_SAMPLE, ...AT, '--until-time', time, '--out', out],
      ['sql', SQLD_DEFAULT_SAMPLE, ...AT, 'SELECT 1', '--at-time', time],
      ['diff', SQLD_DEFAULT_SAMPLE, ...AT, '--from', time, '--to', log[0] ?? ''],
    ]) {
      const run = await runCli(argv);
      expect(run.code, argv.join(' ')).toBe(1);
      expect(run.err).toBe(`segscope: ${message}\n`);
    }
    expect(await readdir(join(out, '..'))).toEqual([]);
  });

  it('a log point its broken chain cannot prove says the current state still stands', async () => {
    const root = await damagedTenantB((ns) => editFile(join(ns, 'wallog'), flipLogPage(3)));
    const { log, wal } = await pointsOf(root);
    const newestLog = 175;
    expect(log).not.toContain(String(newestLog));
    const out = join(await tempDir(), 'at.db');
    for (const argv of [
      ['restore', root, ...AT, '--until-frame', String(newestLog), '--out', out],
      ['sql', root, ...AT, 'SELECT 1', '--at-frame', String(newestLog)],
    ]) {
      const run = await runCli(argv);
      expect(run.code).toBe(1);
      expect(run.err).toMatch(/^segscope: CHAIN_BROKEN: wallog: .*the first frame it does not prove; /);
      expect(run.err).toMatch(new RegExp(` \\(${history(wal)}\\)\\n$`));
    }
    // It does: the latest restore stands at the WAL's newest commit.
    const latest = await runCli(['restore', root, ...AT, '--out', out]);
    expect(latest.code).toBe(0);
    expect(latest.out).toContain(`as of ${wal.at(-1)} (data + data-wal`);
  });

  it('frames a renamed snapshot holds by its header only: CHAIN_GAP names that file, as verify does', async () => {
    const from = 'snapshots/2d261782-1404-48c6-ab33-599df9d78dff-35-73.snap';
    const to = 'snapshots/2d261782-1404-48c6-ab33-599df9d78dff-200-240.snap';
    const root = await damagedTenantB((ns) => rename(join(ns, from), join(ns, to)));
    const holder = `${to}'s header says it holds frames 35..73, its name 200..240: a copy or a rename`;
    const restore = await runCli([
      'restore',
      root,
      ...AT,
      '--until-frame',
      '120',
      '--out',
      join(await tempDir(), 'a.db'),
    ]);
    expect(restore.code).toBe(1);
    expect(restore.err).toMatch(/^segscope: CHAIN_GAP: frames 35\.\.73 are in no segment \(/);
    expect(restore.err).toContain(`in no segment (${holder}), so the database as of frame 120 cannot be rebuilt`);
    const gaps = await runCli([
      'restore',
      root,
      ...AT,
      '--until-frame',
      '120',
      '--allow-gaps',
      '--out',
      join(await tempDir(), 'b.db'),
    ]);
    expect(gaps.code).toBe(0);
    expect(gaps.out).toContain(`warning: frames 35..73 are in no segment (${holder}): restored up to frame 34`);
    const verify = await runCli(['verify', root, ...AT]);
    expect(verify.out).toContain(
      `CHAIN_GAP: the log breaks first at frames 35..73, which no snapshot or log holds (${holder})`,
    );
  });
});
