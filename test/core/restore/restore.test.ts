import { readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Workspace } from '../../../core/api/workspace.js';
import { verifyFiles } from '../../../core/inspect/verify-files.js';
import { restoreDatabase } from '../../../core/restore/restore.js';
import type { RestoreSource } from '../../../core/restore/restore-contract.js';
import { expectSameDatabase } from '../../support/real-data.js';
import { runCli } from '../../support/cli.js';
import { fileRemoteFolder, tempDir } from '../../support/segments.js';
import { workloadDir } from '../../support/workload.js';

/** The seed layout at `prefix`, with a directory remote when given. */
async function seedSource(prefix: string, remoteRoot?: string): Promise<RestoreSource> {
  const remote = remoteRoot
    ? { kind: 'directory' as const, path: remoteRoot, clusterId: 'default' }
    : { kind: 'none' as const };
  const workspace = await Workspace.open(prefix, { remote });
  return workspace.restoreSource('default');
}

describe('restore from segments of a real SQLite workload', () => {
  it.each([1, 2, 3])('rebuilds the database exactly at every segment boundary (seed %i)', async (seed) => {
    const prefix = await tempDir();
    const segments = await workloadDir(prefix, { seed, transactions: 24, framesPerSegment: 10 + seed * 4 });
    expect(segments.length).toBeGreaterThan(3);
    expect((await verifyFiles(segments.map((s) => join(prefix, 'segments', s.key)))).ok).toBe(true);
    const source = await seedSource(prefix);
    const outDir = await tempDir();
    for (const [i, segment] of segments.entries()) {
      const out = join(outDir, `at-${i}.db`);
      const result = await restoreDatabase(source, { out, untilFrameNo: segment.endFrameNo, allowGaps: false });
      expect(result).toMatchObject({ untilFrameNo: segment.endFrameNo, segmentsApplied: i + 1 });
      await expectSameDatabase(out, segment.snapshot);
    }
  });

  it('stands at the newest segment end at or before a frame inside a segment', async () => {
    const prefix = await tempDir();
    const segments = await workloadDir(prefix);
    const [, second, third] = segments;
    const source = await seedSource(prefix);
    const out = join(await tempDir(), 'mid.db');
    const result = await restoreDatabase(source, {
      out,
      untilFrameNo: (third?.endFrameNo ?? 0n) - 1n,
      allowGaps: false,
    });
    expect(result.untilFrameNo).toBe(second?.endFrameNo);
    await expectSameDatabase(out, second?.snapshot ?? null);
  });

  it('names the missing frames of a broken chain, writing nothing; gaps allowed, it stops before them', async () => {
    const prefix = await tempDir();
    const segments = await workloadDir(prefix);
    const missing = segments[2];
    await rm(join(prefix, 'segments', missing?.key ?? ''));
    const source = await seedSource(prefix);
    const outDir = await tempDir();
    await expect(restoreDatabase(source, { out: join(outDir, 'x.db'), allowGaps: false })).rejects.toMatchObject({
      code: 'CHAIN_GAP',
      message: expect.stringContaining(`frames ${missing?.startFrameNo}..${missing?.endFrameNo}`),
    });
    expect(await readdir(outDir)).toEqual([]);
    const allowed = await restoreDatabase(source, { out: join(outDir, 'x.db'), allowGaps: true });
    // Up to the gap, not across it: a segment after it would land on a database without the missing frames.
    const before = segments[1];
    expect(allowed.segmentsApplied).toBe(2);
    expect(allowed.untilFrameNo).toBe(before?.endFrameNo);
    expect(allowed.stoppedBecause).toContain(`frames ${missing?.startFrameNo}..${missing?.endFrameNo}`);
    await expectSameDatabase(join(outDir, 'x.db'), before?.snapshot ?? null);
  });

  it('takes what the local folder lacks from the remote', async () => {
    const prefix = await tempDir();
    const segments = await workloadDir(prefix);
    const remoteRoot = await tempDir();
    const remoteFolder = await fileRemoteFolder(remoteRoot, 'default');
    for (const s of segments.slice(0, 4)) await rename(join(prefix, 'segments', s.key), join(remoteFolder, s.key));
    const source = await seedSource(prefix, remoteRoot);
    const out = join(await tempDir(), 'all.db');
    const result = await restoreDatabase(source, { out, allowGaps: false });
    expect(result.segmentsApplied).toBe(segments.length);
    await expectSameDatabase(out, segments.at(-1)?.snapshot ?? null);
  });

  it('restores as of a time from the segments created by then', async () => {
    const prefix = await tempDir();
    const segments = await workloadDir(prefix);
    const target = segments[3];
    const iso = new Date(Number(target?.createdAt ?? 0n) * 1000 + 500).toISOString();
    const out = join(await tempDir(), 't.db');
    const { code, out: stdout } = await runCli([
      'restore',
      '--dir',
      prefix,
      '--out',
      out,
      '--until-time',
      iso,
      '--json',
    ]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ untilFrameNo: Number(target?.endFrameNo), segmentsApplied: 4 });
    await expectSameDatabase(out, target?.snapshot ?? null);
  });

  it('never overwrites an existing output file', async () => {
    const prefix = await tempDir();
    await workloadDir(prefix);
    const out = join(await tempDir(), 'taken.db');
    await writeFile(out, 'precious');
    const { code, err } = await runCli(['restore', '--dir', prefix, '--out', out]);
    expect(code).toBe(1);
    expect(err).toMatch(/^segscope: DESTINATION_EXISTS: /);
    expect(await readFile(out, 'utf8')).toBe('precious');
  });
});
