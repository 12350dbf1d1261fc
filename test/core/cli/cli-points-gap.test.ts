import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSegscopeApi } from '../../../core/api/api.js';
import { runCli } from '../../support/cli.js';
import { copyVector } from '../../support/real-data.js';
import { damagedTenantB } from '../../support/sqld-default-sample.js';
import { tempDir } from '../../support/segments.js';

interface Listed {
  points: { frameNo: number; walFrame?: number }[];
  unreadable?: unknown[];
  gap?: { fromFrameNo: number; toFrameNo: number };
}

/** `points --json` of a namespace: its exit code and what it listed. */
async function points(root: string, namespace: string): Promise<{ code: number; listed: Listed }> {
  const run = await runCli(['points', root, '--namespace', namespace, '--json']);
  return { code: run.code, listed: JSON.parse(run.out) as Listed };
}

/** `restore` of a namespace at `frame` (a frame, or `wal:N`) into a fresh folder: the run and what the folder holds. */
async function restoreAt(root: string, namespace: string, frame: string, more: string[] = []) {
  const out = join(await tempDir(), 'out.db');
  const run = await runCli(['restore', root, '--namespace', namespace, '--out', out, '--until-frame', frame, ...more]);
  return { ...run, left: await readdir(join(out, '..')) };
}

/** Every point listed restores (exit 0); the first frame of the gap is refused with CHAIN_GAP, nothing written. */
async function expectListedAgreeWithRestore(root: string, namespace: string, listed: Listed): Promise<void> {
  for (const p of listed.points) {
    const run = await restoreAt(root, namespace, p.walFrame !== undefined ? `wal:${p.walFrame}` : String(p.frameNo));
    expect(run.code, `${p.walFrame ?? p.frameNo}: ${run.err}`).toBe(0);
  }
  const gap = listed.gap?.fromFrameNo ?? 0;
  const refused = await restoreAt(root, namespace, String(gap));
  expect(refused.code).toBe(1);
  expect(refused.err).toMatch(/^segscope: CHAIN_GAP: /);
  expect(refused.left).toEqual([]);
}

// The libsql-wal vector: `data` holds frames 1-29; 30.seg holds 30-55, 56.seg 56-90, 91.seg (unsealed) 91-107.
describe('points offers only what restore gives: none past the segments’ first gap, which it names (exit 1)', () => {
  it('a libsql-wal namespace with a sealed segment gone from the middle lists the points before it', async () => {
    const root = await copyVector('sqld');
    await rm(join(root, 'dbs', 'default', 'data-wal', '00000000000000000056.seg'));
    const { code, listed } = await points(root, 'default');
    expect(code).toBe(1);
    expect(listed.points.map((p) => p.frameNo)).toEqual([29, 33, 41, 55]);
    expect(listed.gap).toEqual({ fromFrameNo: 56, toFrameNo: 90 });
    expect(listed.unreadable).toBeUndefined();
    const text = await runCli(['points', root]);
    expect(text.code).toBe(1);
    expect(text.out).toMatch(/^4 restore points of /);
    expect(text.out).toContain(
      'gap: frames 56..90 are in no segment; the points from frame 56 on are not listed ' +
        '(restore refuses them with CHAIN_GAP)\n',
    );
    await expectListedAgreeWithRestore(root, 'default', listed);
    // The screen's call says the same.
    const api = createSegscopeApi(
      { dir: root, layout: null, namespace: 'default', remote: { kind: 'none' } },
      { onProgress: () => undefined },
    );
    const shown = await api.points({});
    expect(shown.points.map((p) => p.frameNo)).toEqual([29n, 33n, 41n, 55n]);
    expect(shown.gap).toEqual({ fromFrameNo: 56n, toFrameNo: 90n });
  });

  it('a libsql-wal namespace with no data lists nothing and names the frames only data held', async () => {
    const root = await copyVector('sqld');
    await rm(join(root, 'dbs', 'default', 'data'));
    const { code, listed } = await points(root, 'default');
    expect(code).toBe(1);
    expect(listed.points).toEqual([]);
    expect(listed.gap).toEqual({ fromFrameNo: 1, toFrameNo: 29 });
    await expectListedAgreeWithRestore(root, 'default', listed);
    for (const frame of ['33', '107']) expect((await restoreAt(root, 'default', frame)).err).toMatch(/CHAIN_GAP/);
  });

  it('a time past the gap is refused by the gap, not moved to the last point before it', async () => {
    const root = await copyVector('sqld');
    await rm(join(root, 'dbs', 'default', 'data-wal', '00000000000000000030.seg'));
    expect((await points(root, 'default')).listed.points.map((p) => p.frameNo)).toEqual([29]);
    const out = join(await tempDir(), 'out.db');
    // 56.seg was sealed at 09:48:40: its commits 72, 82 and 90 stand before this time.
    const run = await runCli(['restore', root, '--out', out, '--until-time', '2024-07-03T09:48:41Z']);
    expect(run.err).toMatch(/^segscope: CHAIN_GAP: frames 30\.\.55 /);
    expect(await readdir(join(out, '..'))).toEqual([]);
  });

  it("a default-mode namespace with a snapshot gone lists the log's points before it, and its WAL's", async () => {
    const root = await damagedTenantB((ns) =>
      rm(join(ns, 'snapshots', '2d261782-1404-48c6-ab33-599df9d78dff-35-73.snap')),
    );
    const { code, listed } = await points(root, 'tenant-b');
    expect(code).toBe(1);
    expect(listed.points.filter((p) => p.walFrame === undefined).map((p) => p.frameNo)).toEqual([34]);
    expect(listed.points.filter((p) => p.walFrame !== undefined).length).toBeGreaterThan(0);
    expect(listed.gap).toEqual({ fromFrameNo: 35, toFrameNo: 73 });
    await expectListedAgreeWithRestore(root, 'tenant-b', listed);
  });
});
