import { randomUUID } from 'node:crypto';
import { cp, readFile, readdir, rm, truncate } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SQLITE_WAL_FRAME_HEADER_SIZE, SQLITE_WAL_HEADER_SIZE } from '../../../core/format/sqlite-wal.js';
import { runCli } from '../../support/cli.js';
import { pythonDigest } from '../../support/python-digest.js';
import { tempDir } from '../../support/segments.js';
import { SQLD_DEFAULT_SAMPLE, damagedTenantB } from '../../support/sqld-default-sample.js';
import { workloadTransactions } from '../../support/workload.js';
import { writeDefaultNamespace } from '../../../core/workload/sqld-default-namespace.js';

interface CommitPoint {
  frame_no: number;
  wal_frame: number;
  in_data_wal: boolean;
  digest: string;
}

const manifest = JSON.parse(await readFile(join(SQLD_DEFAULT_SAMPLE, '..', 'manifest.json'), 'utf8')) as {
  namespaces: { name: string; commit_points: CommitPoint[] }[];
};
const points = manifest.namespaces.find((n) => n.name === 'default')?.commit_points ?? [];
const inWal = points.filter((c) => c.in_data_wal);
const logEnd = points.at(-1)?.frame_no;
const at = ['--namespace', 'default'];

/** A copy of the sample whose default namespace's data-wal ends right after its commit `commit` (its tail lost). */
async function cutAfter(commit: CommitPoint): Promise<string> {
  const root = join(await tempDir(), 'data.sqld');
  await cp(SQLD_DEFAULT_SAMPLE, root, { recursive: true });
  const frame = SQLITE_WAL_FRAME_HEADER_SIZE + 4096;
  await truncate(join(root, 'dbs', 'default', 'data-wal'), SQLITE_WAL_HEADER_SIZE + commit.wal_frame * frame);
  return root;
}

/** The warning's line, naming the current state's WAL commit, the log's newest frame and the way to it. */
function warning(point: string, walFrame: number): RegExp {
  return new RegExp(
    `\\nwarning LOG_MISMATCH: ${point} is the current state, data \\+ data-wal as of its last commit ` +
      `\\(wal:${walFrame}\\); it and the log's newest commit \\(frame ${logEnd}\\) hold different pages .*; ` +
      `the log is a history of its own: its newest point is frame ${logEnd}, asked for by that frame number(\\n|$)`,
  );
}

describe('a default-mode namespace whose data-wal lost its tail while the log holds newer commits', () => {
  // An early, a middle and the last commit but one of those data-wal holds.
  for (const commit of [inWal[0], inWal[Math.floor(inWal.length / 2)], inWal.at(-2)]) {
    if (!commit) throw new Error('the sample has fewer commits in data-wal than the test reads');
    it(`cut after wal:${commit.wal_frame}: restore, sql and diff at the current state warn, exit 0`, async () => {
      const root = await cutAfter(commit);
      const out = await tempDir();
      const restore = await runCli(['restore', root, ...at, '--out', join(out, 'now.db')]);
      expect(restore.code, restore.err).toBe(0);
      expect(restore.out).toContain(`as of wal:${commit.wal_frame} (data + data-wal; the log ends at frame`);
      expect(restore.out).toMatch(warning('the restored database', commit.wal_frame));
      // What SQLite held at that WAL commit: the current state is proven by its own checksums.
      expect(pythonDigest(join(out, 'now.db'))).toBe(commit.digest);

      const json = await runCli(['restore', root, ...at, '--out', join(out, 'json.db'), '--json']);
      expect(json.code, json.err).toBe(0);
      expect(JSON.parse(json.out)).toMatchObject({
        walFrame: commit.wal_frame,
        logMismatch: { code: 'LOG_MISMATCH', walFrame: commit.wal_frame, logEnd, walAhead: false },
      });

      const sql = await runCli(['sql', root, ...at, 'SELECT count(*) FROM sqlite_schema']);
      expect(sql.code, sql.err).toBe(0);
      expect(sql.out).toMatch(warning('the database queried', commit.wal_frame));
      const sqlJson = await runCli(['sql', root, ...at, 'SELECT 1', '--json']);
      expect(JSON.parse(sqlJson.out)).toMatchObject({
        atWalFrame: commit.wal_frame,
        atLogMismatch: { code: 'LOG_MISMATCH', walFrame: commit.wal_frame, logEnd },
      });

      // A diff names its points: the current state is data-wal's last commit.
      const to = `wal:${commit.wal_frame}`;
      const diff = await runCli(['diff', root, ...at, '--from', String(logEnd), '--to', to]);
      expect(diff.code, diff.err).toBe(0);
      expect(diff.out).toMatch(warning(`the database at wal:${commit.wal_frame}`, commit.wal_frame));
      const diffJson = await runCli(['diff', root, ...at, '--from', String(logEnd), '--to', to, '--json']);
      const parsed = JSON.parse(diffJson.out) as Record<string, unknown>;
      expect(parsed).toMatchObject({ toLogMismatch: { walFrame: commit.wal_frame, logEnd } });
      expect(parsed).not.toHaveProperty('fromLogMismatch');
    });
  }

  it('an earlier commit of data-wal, or the log, asked for by its frame: no warning', async () => {
    const [first, second] = inWal;
    if (!first || !second) throw new Error('the sample has fewer than two commits in data-wal');
    const root = await cutAfter(second);
    const earlier = await runCli(['sql', root, ...at, '--at-frame', `wal:${first.wal_frame}`, 'SELECT 1']);
    expect(earlier.code, earlier.err).toBe(0);
    expect(earlier.out).not.toContain('LOG_MISMATCH');
    const log = await runCli(['sql', root, ...at, '--at-frame', String(logEnd), 'SELECT 1', '--json']);
    expect(JSON.parse(log.out)).not.toHaveProperty('atLogMismatch');
  });

  it('the intact sample: its current state agrees with the log, nothing to say', async () => {
    const out = await tempDir();
    const restore = await runCli(['restore', SQLD_DEFAULT_SAMPLE, ...at, '--out', join(out, 'now.db'), '--json']);
    expect(restore.code, restore.err).toBe(0);
    expect(JSON.parse(restore.out)).not.toHaveProperty('logMismatch');
    const sql = await runCli(['sql', SQLD_DEFAULT_SAMPLE, ...at, 'SELECT 1']);
    expect(sql.out).not.toContain('LOG_MISMATCH');
    const last = inWal.at(-1)?.wal_frame;
    const diff = await runCli(['diff', SQLD_DEFAULT_SAMPLE, ...at, '--from', '277', '--to', `wal:${last}`]);
    expect(diff.code, diff.err).toBe(0);
    expect(diff.out).not.toContain('LOG_MISMATCH');
  });
});

describe('a default-mode namespace whose data-wal holds no commit: the current state is data alone', () => {
  it('data-wal emptied while the log holds newer commits: verify and restore warn LOG_MISMATCH, exit 0', async () => {
    const root = join(await tempDir(), 'data.sqld');
    await cp(SQLD_DEFAULT_SAMPLE, root, { recursive: true });
    await truncate(join(root, 'dbs', 'default', 'data-wal'), 0);
    const verify = await runCli(['verify', root, ...at]);
    expect(verify.code, verify.out).toBe(0);
    expect(verify.out).toMatch(
      new RegExp(
        `warning LOG_MISMATCH: the log's newest commit \\(frame ${logEnd}\\) and data, which data-wal adds no ` +
          'commit to, hold different pages',
      ),
    );
    const restore = await runCli(['restore', root, ...at, '--out', join(await tempDir(), 'now.db'), '--json']);
    expect(restore.code, restore.err).toBe(0);
    expect(JSON.parse(restore.out)).toMatchObject({
      walFrame: 0,
      logMismatch: { code: 'LOG_MISMATCH', walFrame: 0, logEnd, walAhead: false },
    });
    const sql = await runCli(['sql', root, ...at, 'SELECT 1']);
    expect(sql.out).toContain('warning LOG_MISMATCH: the database queried is the current state, data alone');
  });

  it('every commit checkpointed into data, data-wal empty or gone: nothing to say', async () => {
    const root = await tempDir();
    await writeDefaultNamespace({
      root,
      namespace: 'default',
      transactions: await workloadTransactions({ seed: 3, transactions: 9 }),
      logId: randomUUID(),
      transactionsPerLog: 4,
      pendingLast: false,
      inWal: 0,
      salts: [1, 2],
    });
    for (const step of ['empty', 'gone']) {
      if (step === 'gone') await rm(join(root, 'dbs', 'default', 'data-wal'));
      const verify = await runCli(['verify', root, ...at]);
      expect(verify.code, verify.out).toBe(0);
      expect(verify.out).not.toContain('LOG_MISMATCH');
      const restore = await runCli(['restore', root, ...at, '--out', join(await tempDir(), 'now.db')]);
      expect(restore.code, restore.err).toBe(0);
      expect(restore.out).toContain('as of wal:0');
      expect(restore.out).not.toContain('LOG_MISMATCH');
    }
  });

  it('a piece missing from the middle of the log leaves nothing to compare past it, not a mismatch', async () => {
    // tenant-b's pending log (to_compact) gone: pages it wrote last are found, stale, in an older snapshot.
    const root = await damagedTenantB(async (ns) => {
      for (const name of await readdir(join(ns, 'to_compact'))) await rm(join(ns, 'to_compact', name));
    });
    const ns = ['--namespace', 'tenant-b'];
    const verify = await runCli(['verify', root, ...ns]);
    expect(verify.out).toContain('CHAIN_GAP');
    expect(verify.out).not.toContain('LOG_MISMATCH');
    const restore = await runCli(['restore', root, ...ns, '--out', join(await tempDir(), 'now.db')]);
    expect(restore.code, restore.err).toBe(0);
    expect(restore.out).not.toContain('LOG_MISMATCH');
  });
});
