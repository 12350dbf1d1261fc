import { readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../support/cli.js';
import { tempDir } from '../../support/segments.js';
import { damagedTenantB } from '../../support/sqld-default-sample.js';

const SNAP = 'snapshots/2d261782-1404-48c6-ab33-599df9d78dff-74-150.snap';
const SAYS = 'the file name says frames 74..150 but the header says 74..108';

describe('a default-mode snapshot renamed past its header, through every command', () => {
  it('verify, points, list, restore, sql, diff and fetch agree: it is no restore point', async () => {
    // tenant-b's 74..108 renamed 74..150 with the log 109..150 (to_compact) gone: only the name claims those frames.
    const root = await damagedTenantB(async (ns) => {
      await rename(join(ns, 'snapshots/2d261782-1404-48c6-ab33-599df9d78dff-74-108.snap'), join(ns, SNAP));
      await rm(join(ns, 'to_compact'), { recursive: true });
    });
    const at = [root, '--namespace', 'tenant-b'];

    const verify = await runCli(['verify', ...at]);
    expect(verify.code).toBe(1);
    expect(verify.out).toContain(`HEADER_MISMATCH: ${SAYS}`);
    expect(verify.out).toContain('CHAIN_GAP: the log breaks first at frames 74..150');

    const points = await runCli(['points', ...at]);
    expect(points.code).toBe(1);
    expect(points.out).toMatch(/^ +73 +- +snapshots\/\S+-35-73\.snap$/m);
    expect(points.out).not.toMatch(/^ +(150|175) /m);
    expect(points.out).toContain(`not read: HEADER_MISMATCH: ${SNAP}: ${SAYS}`);

    const list = await runCli(['list', ...at, '--json']);
    const listed = JSON.parse(list.out) as { segments: { file: string; status: string }[]; gaps: unknown[] };
    expect(listed.segments.find((s) => s.file === SNAP)?.status).toBe('header_mismatch');
    expect(listed.gaps).toEqual([{ fromFrameNo: 74, toFrameNo: 150 }]);

    const out = join(await tempDir(), 'at.db');
    for (const run of [
      await runCli(['restore', ...at, '--until-frame', '150', '--out', out]),
      await runCli(['sql', ...at, 'SELECT 1', '--at-frame', '175']),
      await runCli(['diff', ...at, '--from', '73', '--to', '150']),
      await runCli(['fetch', ...at, '--frame', '120', '--dest', `${await tempDir()}/`]),
    ]) {
      expect(run.code).toBe(1);
      expect(run.err).toContain(`HEADER_MISMATCH: ${SNAP}: ${SAYS}`);
    }
    expect(await readdir(join(out, '..'))).toEqual([]);
    // The points before it still stand.
    expect((await runCli(['sql', ...at, 'SELECT count(*) FROM sqlite_schema', '--at-frame', '73'])).code).toBe(0);
  });
});

describe('a default-mode snapshot renamed to a name sqld never gives', () => {
  it('verify and list say which frames its header holds and the name sqld gives them', async () => {
    const snapshot = '2d261782-1404-48c6-ab33-599df9d78dff-74-108.snap';
    const root = await damagedTenantB((ns) => rename(join(ns, 'snapshots', snapshot), join(ns, 'snapshots/copy.snap')));
    const at = [root, '--namespace', 'tenant-b'];
    const says =
      'INVALID_SEGMENT_NAME: "copy.snap" is not named {log_id}-{start}-{end}.snap as sqld names its snapshots; ' +
      'its header says it holds frames 74..108 of log 2d261782-1404-48c6-ab33-599df9d78dff, which sqld ' +
      `names ${snapshot}`;
    const verify = await runCli(['verify', ...at]);
    expect(verify.code).toBe(1);
    expect(verify.out).toContain(says);
    expect(verify.out).toContain('CHAIN_GAP: the log breaks first at frames 74..108');
    expect((await runCli(['list', ...at])).out).toContain(`unrecognized: snapshots/copy.snap: ${says}`);
  });

  it("restore's gap, verify's gap and fetch name the file that holds the missing frames", async () => {
    const root = await damagedTenantB((ns) =>
      rename(join(ns, 'snapshots/2d261782-1404-48c6-ab33-599df9d78dff-74-108.snap'), join(ns, 'snapshots/copy.snap')),
    );
    const at = [root, '--namespace', 'tenant-b'];
    const held = "snapshots/copy.snap's header says it holds frames 74..108, under a name sqld never gives";
    const verify = await runCli(['verify', ...at]);
    expect(verify.out).toContain(
      `CHAIN_GAP: the log breaks first at frames 74..108, which no snapshot or log holds (${held}`,
    );
    const out = join(await tempDir(), 'at.db');
    const restore = await runCli(['restore', ...at, '--until-frame', '120', '--out', out]);
    expect(restore.code).toBe(1);
    expect(restore.err).toContain(`CHAIN_GAP: frames 74..108 are in no segment (${held}`);
    expect(await readdir(join(out, '..'))).toEqual([]);
    const fetch = await runCli(['fetch', ...at, '--frame', '80', '--dest', `${await tempDir()}/`]);
    expect(fetch.code).toBe(1);
    expect(fetch.err).toContain('FRAME_NOT_FOUND');
    expect(fetch.err).toContain('holds frame 80: "copy.snap" is not named');
  });
});
