import { cp, readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../support/cli.js';
import { pythonDigest } from '../../support/python-digest.js';
import { tempDir } from '../../support/segments.js';
import { SQLD_DEFAULT_SAMPLE } from '../../support/sqld-default-sample.js';

const MISFIT =
  "CHECKPOINT_MISMATCH: data-wal's commit at WAL frame 83 leaves the database at 46 pages, but data holds 32 " +
  'and no committed frame of data-wal writes page 33: this data-wal was not written on top of this data';

describe("another namespace's data-wal beside data", () => {
  it('fails verify, and a restore of the current state is refused up front saying the same', async () => {
    const root = join(await tempDir(), 'data.sqld');
    await cp(SQLD_DEFAULT_SAMPLE, root, { recursive: true });
    await cp(join(root, 'dbs', 'tenant-b', 'data-wal'), join(root, 'dbs', 'default', 'data-wal'));

    const verify = await runCli(['verify', root]);
    expect(verify.code).toBe(1);
    expect(verify.out).toContain(`FAILED  data-wal\n        ${MISFIT}`);

    const out = await tempDir();
    for (const at of [[], ['--until-frame', 'wal:83']]) {
      const restore = await runCli(['restore', root, ...at, '--out', join(out, 'now.db')]);
      expect(restore.code, at.join(' ')).toBe(1);
      // The latest state refused names the log's newest point, which the refusal does not touch.
      const hint = at.length === 0 ? ' \\(the log is a history of its own: its newest point is frame 307\\)' : '';
      expect(restore.err).toMatch(
        new RegExp(`^segscope: ${MISFIT}.*; restore stopped, nothing was written${hint}\\n$`),
      );
    }
    const sql = await runCli(['sql', root, 'SELECT 1']);
    expect(sql.code).toBe(1);
    expect(sql.err).toContain(MISFIT);
    expect(await readdir(out)).toEqual([]);

    // The log is a history of its own: its newest commit still restores, to what SQLite held then.
    const log = await runCli(['restore', root, '--until-frame', '307', '--out', join(out, 'log.db')]);
    expect(log.code, log.err).toBe(0);
    const manifest = JSON.parse(await readFile(join(SQLD_DEFAULT_SAMPLE, '..', 'manifest.json'), 'utf8')) as {
      namespaces: { name: string; commit_points: { frame_no: number; digest: string }[] }[];
    };
    const at307 = manifest.namespaces.find((n) => n.name === 'default')?.commit_points.find((c) => c.frame_no === 307);
    expect(pythonDigest(join(out, 'log.db'))).toBe(at307?.digest);
  });
});
