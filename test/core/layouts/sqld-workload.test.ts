import { randomUUID } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Workspace } from '../../../core/api/workspace.js';
import { encodeSealedSegment } from '../../../core/format/sealed-segment.js';
import { sqldSegmentName } from '../../../core/format/segment-name.js';
import { verifyNamespace } from '../../../core/inspect/verify-files.js';
import { listPoints } from '../../../core/restore/points.js';
import { restoreDatabase } from '../../../core/restore/restore.js';
import type { GeneratedSegment } from '../../../core/workload/generate.js';
import { expectSameDatabase, treeFingerprint } from '../../support/real-data.js';
import { tempDir } from '../../support/segments.js';
import { sqldWorkloadDir, workloadSegments } from '../../support/workload.js';

const none = { remote: { kind: 'none' as const } };

function workload(seed: number, transactions = 24): Promise<GeneratedSegment[]> {
  return workloadSegments({ seed, transactions });
}

async function sqldDir(
  segments: GeneratedSegment[],
  seed: number,
  checkpointed: number,
  unsealedLast: boolean,
): Promise<string> {
  return (await sqldWorkloadDir(segments, seed, checkpointed, unsealedLast)).root;
}

describe('restore from a sqld data directory written from a real SQLite workload', () => {
  it.each([
    [1, 0, false],
    [2, 2, true],
    [3, 1, true],
  ])(
    'stands at every commit and matches what SQLite held there (seed %i, %i checkpointed, unsealed last: %s)',
    async (seed, checkpointed, unsealedLast) => {
      const segments = await workload(seed);
      expect(segments.length).toBeGreaterThan(3);
      const root = await sqldDir(segments, seed, checkpointed, unsealedLast);
      const workspace = await Workspace.open(root, none);
      expect((await verifyNamespace(workspace.layout, 'default')).ok).toBe(true);
      const source = await workspace.restoreSource('default');
      const { points } = await listPoints(source);
      const commits = segments.slice(checkpointed).flatMap((s) => s.transactions);
      // One point per commit after the checkpoint, plus the database file's own when it holds any.
      expect(points).toHaveLength(commits.length + (checkpointed > 0 ? 1 : 0));
      const outDir = await tempDir();
      for (const [i, tx] of commits.entries()) {
        const frame = tx.frames.at(-1)?.frameNo ?? 0n;
        const out = join(outDir, `at-${i}.db`);
        // Ask for a frame inside the next transaction: the restore stands at this commit.
        const result = await restoreDatabase(source, {
          out,
          untilFrameNo: frame + (i < commits.length - 1 ? 1n : 0n),
          allowGaps: false,
        });
        expect(result.untilFrameNo).toBe(frame);
        await expectSameDatabase(out, tx.snapshot);
      }
    },
  );

  it('uses the database file as it is when the target is its checkpoint', async () => {
    const segments = await workload(4);
    const root = await sqldDir(segments, 4, 2, false);
    const source = await (await Workspace.open(root, none)).restoreSource('default');
    const out = join(await tempDir(), 'base.db');
    const result = await restoreDatabase(source, { out, untilFrameNo: segments[1]?.endFrameNo, allowGaps: false });
    expect(result).toMatchObject({ segmentsApplied: 0, untilFrameNo: segments[1]?.endFrameNo });
    await expectSameDatabase(out, segments[1]?.transactions.at(-1)?.snapshot ?? null);
  });

  it('ignores segments the database file already holds (checkpointed, not yet deleted)', async () => {
    const segments = await workload(6);
    const root = await sqldDir(segments, 6, 2, false);
    // sqld deletes checkpointed segments eventually; until then they sit beside the newer ones.
    for (const old of segments.slice(0, 2)) {
      const bytes = encodeSealedSegment({
        startFrameNo: old.startFrameNo,
        salt: 99,
        logId: randomUUID(),
        sealedAtMs: 1_720_000_000_000n,
        transactions: old.transactions.map((tx) => ({ pages: tx.frames, sizeAfter: tx.sizeAfter })),
      });
      await writeFile(join(root, 'dbs', 'default', 'data-wal', sqldSegmentName(old.startFrameNo)), bytes);
    }
    const workspace = await Workspace.open(root, none);
    expect((await workspace.list('default')).segments).toHaveLength(segments.length);
    const source = await workspace.restoreSource('default');
    const { points } = await listPoints(source);
    expect(points[0]?.frameNo).toBe(segments[1]?.endFrameNo);
    const outDir = await tempDir();
    for (const [i, segment] of segments.entries()) {
      const out = join(outDir, `at-${i}.db`);
      const target = i < 2 ? (segments[1]?.endFrameNo ?? 0n) : segment.endFrameNo;
      const result = await restoreDatabase(source, { out, untilFrameNo: target, allowGaps: false });
      expect(result.untilFrameNo).toBe(target);
      await expectSameDatabase(out, (i < 2 ? segments[1] : segment)?.transactions.at(-1)?.snapshot ?? null);
    }
  });

  it('refuses a chain with a gap, naming the frames; gaps allowed, it stops before them', async () => {
    const segments = await workload(5);
    const root = await sqldDir(segments, 5, 0, false);
    const missing = segments[2];
    await rm(join(root, 'dbs', 'default', 'data-wal', sqldSegmentName(missing?.startFrameNo ?? 0n)));
    const source = await (await Workspace.open(root, none)).restoreSource('default');
    const out = join(await tempDir(), 'gap.db');
    await expect(restoreDatabase(source, { out, allowGaps: false })).rejects.toMatchObject({
      code: 'CHAIN_GAP',
      message: expect.stringContaining(`frames ${missing?.startFrameNo}..${missing?.endFrameNo}`),
    });
    const before = await treeFingerprint(join(out, '..'));
    expect(before).toEqual([]);
    const allowed = await restoreDatabase(source, { out, allowGaps: true });
    // Up to the gap, not across it.
    expect(allowed.untilFrameNo).toBe(segments[1]?.endFrameNo);
    expect(allowed.stoppedBecause).toContain(`frames ${missing?.startFrameNo}..${missing?.endFrameNo}`);
  });
});
