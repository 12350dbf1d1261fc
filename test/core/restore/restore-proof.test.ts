import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Workspace } from '../../../core/api/workspace.js';
import { verifyNamespace } from '../../../core/inspect/verify-files.js';
import { listPoints } from '../../../core/restore/points.js';
import { restoreDatabase } from '../../../core/restore/restore.js';
import { runCli } from '../../support/cli.js';
import { copyVector, manifest, rowsDigest } from '../../support/real-data.js';
import { editUnsealedFrame, firstNonCommitSlot, setFooterIndex, sqldFiles } from '../../support/sqld-damage.js';
import { tempDir } from '../../support/segments.js';
import { workloadDir } from '../../support/workload.js';

const none = { remote: { kind: 'none' as const } };
const m = await manifest();

/** A copy of the vector sqld directory, changed by `damage`. */
async function damaged(damage: (files: ReturnType<typeof sqldFiles>) => Promise<void>): Promise<string> {
  const root = await copyVector('sqld');
  await damage(sqldFiles(root));
  return root;
}

/** What `verify` says of the database file and the whole namespace. */
async function verifyCodes(root: string): Promise<{ ok: boolean; codes: string[] }> {
  const workspace = await Workspace.open(root, none);
  const verified = await verifyNamespace(workspace.layout, 'default');
  const codes = verified.segments.flatMap((s) => s.problems.filter((p) => p.severity === 'error').map((p) => p.code));
  return { ok: verified.ok, codes };
}

/** A restore through the command, into an empty folder: its exit, its error line, what it left. */
async function restoreByCli(root: string, ...extra: string[]): Promise<{ code: number; err: string; left: string[] }> {
  const outDir = await tempDir();
  const run = await runCli(['restore', '--dir', root, '--out', join(outDir, 'r.db'), ...extra]);
  return { code: run.code, err: run.err, left: await readdir(outDir) };
}

describe("the database file's checkpoint is checked against the segments and the file", () => {
  const cases: [string, bigint][] = [
    ['past every segment', (1n << 64n) - 1n],
    ["inside a segment's range", 40n],
    // The segment 30..55 is still there and ends at 55 with a database of 33 pages: a file of 20
    // pages cannot hold what a checkpoint at 55 wrote into it.
    ["past what the file's pages hold", 55n],
  ];
  for (const [what, index] of cases) {
    it(`a footer index ${what} (${index}) fails verify, and restore and points refuse it`, async () => {
      const root = await damaged((f) => setFooterIndex(f.data, index));
      const verified = await verifyCodes(root);
      expect(verified.ok).toBe(false);
      expect(verified.codes).toContain('CHECKPOINT_MISMATCH');
      const restored = await restoreByCli(root);
      expect(restored.code).toBe(1);
      expect(restored.err).toMatch(/^segscope: CHECKPOINT_MISMATCH: .*data/);
      expect(restored.left).toEqual([]);
      const workspace = await Workspace.open(root, none);
      await expect(workspace.restoreSource('default').then(listPoints)).rejects.toMatchObject({
        code: 'CHECKPOINT_MISMATCH',
      });
      const sql = await runCli(['sql', root, 'SELECT count(*) FROM t']);
      expect(sql.err).toMatch(/CHECKPOINT_MISMATCH/);
    });
  }

  it('list shows no overlap that is not there when the checkpoint is past every segment', async () => {
    const root = await damaged((f) => setFooterIndex(f.data, (1n << 64n) - 1n));
    const listed = await (await Workspace.open(root, none)).list('default');
    expect(listed.overlaps).toEqual([]);
  });

  it('an intact directory still verifies and restores the rows SQLite held', async () => {
    const root = await copyVector('sqld');
    expect(await verifyCodes(root)).toEqual({ ok: true, codes: [] });
    const restored = await restoreByCli(root);
    expect(restored).toMatchObject({ code: 0, left: ['r.db'] });
  });
});

describe('--until-frame stands only at a point it can rebuild', () => {
  it('a frame before the checkpoint is refused, not answered with the checkpoint', async () => {
    const root = await copyVector('sqld');
    const restored = await restoreByCli(root, '--until-frame', '10');
    expect(restored.code).toBe(1);
    expect(restored.err).toMatch(/^segscope: FRAME_NOT_FOUND: .*29/);
    expect(restored.left).toEqual([]);
  });

  it('the checkpoint itself and each commit after it are stood at exactly', async () => {
    const workspace = await Workspace.open(await copyVector('sqld'), none);
    const source = await workspace.restoreSource('default');
    for (const frame of [29n, 41n, 107n]) {
      const out = join(await tempDir(), 'r.db');
      expect((await restoreDatabase(source, { out, untilFrameNo: frame, allowGaps: false })).untilFrameNo).toBe(frame);
    }
    const out = join(await tempDir(), 'r.db');
    await restoreDatabase(source, { out, untilFrameNo: 29n, allowGaps: false });
    expect(rowsDigest(out)).toEqual(m.expected_at_frame['29']);
  });
});

describe('frames whose pages lie past the database size they commit', () => {
  it('in an unsealed segment: a verify error, and restore refuses with nothing written', async () => {
    const root = await damaged(async (f) => {
      const slot = await firstNonCommitSlot(f.unsealed);
      await editUnsealedFrame(f.unsealed, slot, (frame) => frame.writeUInt32LE(1_000_000, 0));
    });
    const verified = await verifyCodes(root);
    expect(verified.ok).toBe(false);
    expect(verified.codes).toContain('PAGE_OUT_OF_RANGE');
    const restored = await restoreByCli(root);
    expect(restored.code).toBe(1);
    expect(restored.err).toMatch(/^segscope: PAGE_OUT_OF_RANGE: 00000000000000000091\.seg/);
    expect(restored.left).toEqual([]);
  });

  it('a restore before the damaged transaction still stands', async () => {
    const root = await damaged(async (f) => {
      await editUnsealedFrame(f.unsealed, 2, (frame) => frame.writeUInt32LE(1_000_000, 0));
    });
    // The damage is in the only transaction of the segment from frame 91: a point before it never reads it.
    const restored = await restoreByCli(root, '--until-frame', '90');
    expect(restored).toMatchObject({ code: 0, left: ['r.db'] });
  });
});

describe("every restored database passes SQLite's quick_check before it is published", () => {
  it('a page whose bytes SQLite cannot read refuses the restore and leaves nothing', async () => {
    const root = await damaged(async (f) => {
      const slot = await firstNonCommitSlot(f.unsealed);
      // Page bytes that checksum well but are no b-tree page: only SQLite's own check sees it.
      await editUnsealedFrame(f.unsealed, slot + 2, (frame) => frame.fill(0xa5, 16, 16 + 4096));
    });
    expect((await verifyCodes(root)).ok).toBe(true);
    const restored = await restoreByCli(root);
    expect(restored.code).toBe(1);
    expect(restored.err).toMatch(/^segscope: DATABASE_MALFORMED: /);
    expect(restored.left).toEqual([]);
    const sql = await runCli(['sql', root, 'SELECT count(*) FROM t']);
    expect(sql.err).toMatch(/DATABASE_MALFORMED/);
  });
});

describe('a cancelled restore stops its reads and leaves nothing', () => {
  it('aborted after its first segment, it reads no other and writes nothing', async () => {
    const prefix = await tempDir();
    const segments = await workloadDir(prefix, { transactions: 24, framesPerSegment: 10 });
    expect(segments.length).toBeGreaterThan(3);
    const source = await (await Workspace.open(prefix, none)).restoreSource('default');
    const outDir = await tempDir();
    const controller = new AbortController();
    const applied: number[] = [];
    const restoring = restoreDatabase(source, {
      out: join(outDir, 'r.db'),
      allowGaps: false,
      signal: controller.signal,
      onProgress: (event) => {
        applied.push(event.done);
        controller.abort();
      },
    });
    await expect(restoring).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(applied).toEqual([1]);
    expect(await readdir(outDir)).toEqual([]);
  });
});
