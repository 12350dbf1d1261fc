import { cp, readFile, readdir, truncate } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../support/cli.js';
import { pythonDigest } from '../../support/python-digest.js';
import { tempDir } from '../../support/segments.js';
import { SQLD_DEFAULT_SAMPLE, damagedTenantB, editFile, flipLogPage } from '../../support/sqld-default-sample.js';

const WALLOG_HEADER = 64;
const WALLOG_FRAME = 24 + 4096;

interface PointsJson {
  points: { frameNo: number; segment: string; walFrame?: number }[];
  unreadable?: { file: string; code: string; message: string; fromFrameNo?: number; fromWalFrame?: number }[];
}

/**
 * `points` of tenant-b whose wallog holds `code` (with `words`) in its transaction 158..175: exit 1, the wallog
 * named from frame 158 on, the log's points up to its commit 157 and the wal:N points listed.
 */
async function expectPointsBefore158(root: string, code: string, words: string): Promise<void> {
  const json = await runCli(['points', root, '--namespace', 'tenant-b', '--json']);
  expect(json.code).toBe(1);
  const result = JSON.parse(json.out) as PointsJson;
  const message = expect.stringContaining(words);
  expect(result.unreadable).toEqual([{ file: 'wallog', code, message, fromFrameNo: 158 }]);
  const log = result.points.filter((p) => p.walFrame === undefined);
  expect(log.map((p) => p.frameNo)).toEqual([34, 73, 108, 118, 126, 130, 150, 157]);
  expect(result.points.filter((p) => p.walFrame !== undefined).map((p) => p.walFrame)).toContain(83);
  const text = await runCli(['points', root, '--namespace', 'tenant-b']);
  expect(text.code).toBe(1);
  expect(text.out).toMatch(/^ +157 +- +wallog$/m);
  expect(text.out).toMatch(/^ *wal:83 /m);
  const notRead = `^not read: ${code}: wallog: .*${words}.*; its points from frame 158 on and the log's after them`;
  expect(text.out).toMatch(new RegExp(`${notRead} are not listed$`, 'm'));
}

describe('points of a default-mode namespace with a damaged piece', () => {
  it('a wallog cut mid-frame: the commits before the cut transaction and wal:N are listed', async () => {
    // Frames 151..160 are left: the commit at 157 stands, the transaction 158..175 is cut off.
    const root = await damagedTenantB((ns) => truncate(join(ns, 'wallog'), WALLOG_HEADER + 10 * WALLOG_FRAME + 100));
    await expectPointsBefore158(root, 'TRUNCATED_SEGMENT', 'committed frames are missing');
  });

  it('a wallog whose chain breaks at frame 165: the commits before its transaction list and restore', async () => {
    // Slot 14 is frame 165, inside the transaction 158..175; the wallog's commit 157 ends before it.
    const root = await damagedTenantB((ns) => editFile(join(ns, 'wallog'), flipLogPage(14)));
    await expectPointsBefore158(root, 'CHAIN_BROKEN', 'breaks at frame 165');
    const at = [root, '--namespace', 'tenant-b'];
    expect((await runCli(['verify', ...at])).code).not.toBe(0);

    const out = join(await tempDir(), 'at.db');
    expect((await runCli(['restore', ...at, '--until-frame', '157', '--out', out])).code).toBe(0);
    const sql = await runCli(['sql', ...at, 'SELECT count(*) FROM sqlite_schema', '--at-frame', '157', '--json']);
    expect(sql.code).toBe(0);
    expect((await runCli(['diff', ...at, '--from', '150', '--to', '157'])).code).toBe(0);

    // Frames 158..164 are proven and none is a commit: a target among them stands at 157, and says so.
    const inside = join(await tempDir(), 'inside.db');
    const restored = await runCli(['restore', ...at, '--until-frame', '164', '--out', inside]);
    expect(restored.code).toBe(0);
    expect(restored.out).toMatch(/restored \d+ pages as of frame 157 from /);
    const atInside = await runCli(['sql', ...at, 'SELECT 1', '--at-frame', '158']);
    expect(atInside.code).toBe(0);
    expect(atInside.out).toMatch(/, as of frame 157:/);
    const diffInside = await runCli(['diff', ...at, '--from', '157', '--to', '164']);
    expect(diffInside.code).toBe(0);
    expect(diffInside.out).toMatch(/: from frame 157 to frame 157\nno changes$/m);

    const far = join(await tempDir(), 'far.db');
    for (const run of [
      await runCli(['restore', ...at, '--until-frame', '165', '--out', far]),
      await runCli(['restore', ...at, '--until-frame', '175', '--out', far]),
      await runCli(['sql', ...at, 'SELECT 1', '--at-frame', '165']),
      await runCli(['diff', ...at, '--from', '150', '--to', '175']),
    ]) {
      expect(run.code).toBe(1);
      expect(run.err).toMatch(/CHAIN_BROKEN.*frame 165.*only before frame 165, the first frame it does not prove/);
    }
    expect(await readdir(join(far, '..'))).toEqual([]);
  });

  it('a wallog whose frame 165 is numbered out of sequence: the commits before its transaction list', async () => {
    // The frame number is outside the CRC: one frame's header is damaged, the chain holds over the others.
    const root = await damagedTenantB((ns) =>
      editFile(join(ns, 'wallog'), (b) => b.writeBigUInt64LE(999n, WALLOG_HEADER + 14 * WALLOG_FRAME)),
    );
    await expectPointsBefore158(root, 'FRAME_ORDER', 'has frame number 999, not 165');
    const at = [root, '--namespace', 'tenant-b'];
    expect((await runCli(['verify', ...at])).code).not.toBe(0);
    const out = join(await tempDir(), 'at.db');
    const restored = await runCli(['restore', ...at, '--until-frame', '164', '--out', out]);
    expect(restored.code).toBe(0);
    expect(restored.out).toMatch(/ as of frame 157 from /);
    const refused = await runCli(['restore', ...at, '--until-frame', '165', '--out', join(out, '..', 'far.db')]);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/FRAME_ORDER.*frame number 999.*only before frame 165/);
    expect(await readdir(join(out, '..'))).toEqual(['at.db']);
  });

  it('a data-wal whose checksum breaks at frame 50: the commits SQLite reads before it list and restore', async () => {
    const root = join(await tempDir(), 'data.sqld');
    await cp(SQLD_DEFAULT_SAMPLE, root, { recursive: true });
    const wal = join(root, 'dbs', 'default', 'data-wal');
    const pageOf = (frame: number) => 32 + (frame - 1) * (24 + 4096) + 24 + 100;
    await editFile(wal, (bytes) => bytes.writeUInt8(bytes.readUInt8(pageOf(50)) ^ 0xff, pageOf(50)));
    const manifest = JSON.parse(await readFile(join(SQLD_DEFAULT_SAMPLE, '..', 'manifest.json'), 'utf8')) as {
      namespaces: { name: string; commit_points: { wal_frame: number; in_data_wal: boolean; digest: string }[] }[];
    };
    const inWal = (manifest.namespaces.find((n) => n.name === 'default')?.commit_points ?? []).filter(
      (c) => c.in_data_wal,
    );

    const json = await runCli(['points', root, '--json']);
    expect(json.code).toBe(1);
    const result = JSON.parse(json.out) as PointsJson;
    // SQLite stops at frame 50, inside the transaction 46..57: it reads the commits up to 45.
    const before = inWal.filter((c) => c.wal_frame < 46);
    expect(result.points.filter((p) => p.walFrame !== undefined).map((p) => p.walFrame)).toEqual([
      0,
      ...before.map((c) => c.wal_frame),
    ]);
    expect(result.unreadable).toEqual([
      { file: 'data-wal', code: 'CHECKSUM_MISMATCH', message: expect.stringContaining('frame 50'), fromWalFrame: 46 },
    ]);
    const text = await runCli(['points', root]);
    expect(text.out).toMatch(/^not read: CHECKSUM_MISMATCH: data-wal: .*; its points from wal:46 on are not listed$/m);

    const dir = await tempDir();
    for (const commit of before) {
      const out = join(dir, `at-${commit.wal_frame}.db`);
      const run = await runCli(['restore', root, '--until-frame', `wal:${commit.wal_frame}`, '--out', out]);
      expect(run.code, run.err).toBe(0);
      expect(pythonDigest(out), `wal:${commit.wal_frame}`).toBe(commit.digest);
    }
    const far = await tempDir();
    // Frames 46..49 pass their checksums but commit nothing: a point among them stands at wal:45.
    const inside = await runCli(['restore', root, '--until-frame', 'wal:49', '--out', join(dir, 'inside.db')]);
    expect(inside.code, inside.err).toBe(0);
    expect(inside.out).toMatch(/ as of wal:45 /);
    for (const at of [['--until-frame', 'wal:50'], ['--until-frame', 'wal:57'], []]) {
      const run = await runCli(['restore', root, ...at, '--out', join(far, 'x.db')]);
      expect(run.code, at.join(' ')).toBe(1);
      expect(run.err).toMatch(
        /^segscope: CHECKSUM_MISMATCH: data-wal: .*only before wal:50, the first frame it does not prove/,
      );
      // Asked for the latest, the refusal says where the log, which it does not touch, ends.
      const hint = '(the log is a history of its own: its newest point is frame 307)';
      if (at.length === 0) expect(run.err).toContain(hint);
      else expect(run.err).not.toContain(hint);
    }
    expect(await readdir(far)).toEqual([]);
  });

  it("a data-wal whose header checksum breaks: its points are left out, data's and the log's are not", async () => {
    const root = join(await tempDir(), 'data.sqld');
    await cp(SQLD_DEFAULT_SAMPLE, root, { recursive: true });
    // The first salt: the header's checksum no longer holds, and SQLite ignores the whole WAL.
    await editFile(join(root, 'dbs', 'default', 'data-wal'), (bytes) =>
      bytes.writeUInt8(bytes.readUInt8(16) ^ 0xff, 16),
    );
    const json = await runCli(['points', root, '--json']);
    expect(json.code).toBe(1);
    const result = JSON.parse(json.out) as PointsJson;
    expect(result.unreadable).toEqual([
      { file: 'data-wal', code: 'HEADER_CHECKSUM', message: expect.stringContaining('header'), fromWalFrame: 1 },
    ]);
    expect(result.points.filter((p) => p.walFrame !== undefined).map((p) => p.walFrame)).toEqual([0]);
    expect(result.points.at(-2)?.frameNo).toBe(307);
    const text = await runCli(['points', root]);
    expect(text.out).toMatch(/^not read: HEADER_CHECKSUM: data-wal: .*; its points from wal:1 on are not listed$/m);
    const dir = await tempDir();
    const latest = await runCli(['restore', root, '--out', join(dir, 'latest.db')]);
    expect(latest.code).toBe(1);
    expect(latest.err).toMatch(/^segscope: HEADER_CHECKSUM: data-wal: .*its newest point is frame 307\)\n$/);
    expect(await readdir(dir)).toEqual([]);
    const log = await runCli(['restore', root, '--until-frame', '307', '--out', join(dir, 'log.db')]);
    expect(log.code, log.err).toBe(0);
    expect(log.out).toMatch(/ as of frame 307 /);
  });

  it('a snapshot broken inside: sql, diff and restore each say in their own words what they left undone', async () => {
    // The snapshot 35..73's second frame (frame 72: a snapshot keeps each page's newest version, newest first).
    const snapshot = 'snapshots/2d261782-1404-48c6-ab33-599df9d78dff-35-73.snap';
    const root = await damagedTenantB((ns) => editFile(join(ns, snapshot), flipLogPage(1)));
    const at = [root, '--namespace', 'tenant-b'];
    const broken = `^segscope: CHAIN_BROKEN: ${snapshot}: the CRC-64 chain breaks at frame 72 .*; `;
    const runs = [
      { run: await runCli(['sql', ...at, 'select 1', '--at-frame', '73']), said: 'the query was not run' },
      { run: await runCli(['diff', ...at, '--from', '34', '--to', '73']), said: 'nothing was compared' },
      {
        run: await runCli(['restore', ...at, '--until-frame', '73', '--out', join(await tempDir(), 'x.db')]),
        said: 'restore stopped, nothing was written',
      },
    ];
    // data and data-wal, a history apart, still stand: each refusal says so after its own words.
    const current = ' \\(data and data-wal are a history of their own: its points are wal:0 to wal:83, [^)]*\\)';
    for (const { run, said } of runs) {
      expect(run.code).toBe(1);
      expect(run.err).toMatch(new RegExp(`${broken}${said}${current}\\n$`));
    }
  });
});
