import { randomUUID } from 'node:crypto';
import { readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isSegscopeError } from '../../../core/errors.js';
import { SQLD_FRAME_SIZE } from '../../../core/format/sqld-frame.js';
import { verifyNamespace } from '../../../core/inspect/verify-files.js';
import { openLayout } from '../../../core/layouts/open-layout.js';
import { listPoints } from '../../../core/restore/points.js';
import { sourceFromLayout } from '../../../core/restore/restore-source.js';
import { restoreDatabase } from '../../../core/restore/restore.js';
import type { LoggedTransaction } from '../../../core/workload/generate.js';
import { writeDefaultNamespace } from '../../../core/workload/sqld-default-namespace.js';
import { expectSameDatabase, treeFingerprint } from '../../support/real-data.js';
import { tempDir } from '../../support/segments.js';
import { workloadTransactions } from '../../support/workload.js';

function transactions(seed: number, count: number): Promise<LoggedTransaction[]> {
  return workloadTransactions({ seed, transactions: count });
}

async function namespaceDir(
  txs: LoggedTransaction[],
  pendingLast = true,
): Promise<{ root: string; commits: bigint[] }> {
  const root = await tempDir();
  const written = await writeDefaultNamespace({
    root,
    namespace: 'default',
    transactions: txs,
    logId: randomUUID(),
    transactionsPerLog: 5,
    pendingLast,
    inWal: 7,
    salts: [7, 0x5eed],
  });
  return { root, commits: written.commitFrameNos };
}

async function refusal(root: string, untilFrameNo?: bigint): Promise<string> {
  const out = join(await tempDir(), 'refused.db');
  try {
    await restoreDatabase(await sourceFromLayout(await openLayout(root), 'default'), {
      out,
      untilFrameNo,
      allowGaps: false,
    });
  } catch (error) {
    await expect(readdir(join(out, '..'))).resolves.toEqual([]);
    if (isSegscopeError(error)) return error.code;
    throw error;
  }
  throw new Error('the restore went through');
}

describe("the project's writer of default-mode namespaces, from the pages SQLite wrote", () => {
  const txsPromise = transactions(5, 23);

  it('restores every commit the log can stand at, and the current state, as SQLite held them', async () => {
    const txs = await txsPromise;
    const { root, commits } = await namespaceDir(txs);
    const layout = await openLayout(root);
    const verified = await verifyNamespace(layout, 'default');
    expect(verified.segments.filter((s) => !s.ok)).toEqual([]);
    const source = await sourceFromLayout(layout, 'default');
    const { points } = await listPoints(source);
    // Snapshot ends (every 5th transaction), then each commit of the pending log and the wallog.
    const expected = commits.filter((_, i) => i >= 15 || i % 5 === 4);
    const logPoints = points.filter((p) => p.walFrame === undefined);
    expect(logPoints.map((p) => p.frameNo)).toEqual(expected);
    const before = await treeFingerprint(root);
    for (const point of logPoints) {
      const out = join(await tempDir(), 'restored.db');
      const result = await restoreDatabase(source, { out, untilFrameNo: point.frameNo, allowGaps: false });
      expect(result.untilFrameNo).toBe(point.frameNo);
      await expectSameDatabase(out, txs[commits.indexOf(point.frameNo)]?.snapshot ?? null);
    }
    const out = join(await tempDir(), 'current.db');
    const current = await restoreDatabase(source, { out, allowGaps: false });
    expect(current.walFrame).toBe(BigInt(txs.slice(-7).reduce((n, tx) => n + tx.frames.length, 0)));
    await expectSameDatabase(out, txs.at(-1)?.snapshot ?? null);
    // After the log's points, data as of the transaction before the WAL's 7, then each of them.
    const walPoints = points.filter((p) => p.walFrame !== undefined);
    expect(walPoints.map((p) => p.frameNo)).toEqual(walPoints.map(() => commits.at(-1)));
    expect(walPoints.map((p) => p.segment)).toEqual(['data', ...Array<string>(7).fill('data-wal')]);
    for (const [i, point] of walPoints.entries()) {
      const at = join(await tempDir(), 'at-wal.db');
      const result = await restoreDatabase(source, { out: at, untilWalFrame: point.walFrame, allowGaps: false });
      expect(result.walFrame).toBe(point.walFrame);
      await expectSameDatabase(at, txs[txs.length - 8 + i]?.snapshot ?? null);
    }
    expect(await treeFingerprint(root)).toEqual(before);
  });

  it('a broken chain in the wallog stops a restore that needs it, naming the frame; nothing is written', async () => {
    const { root, commits } = await namespaceDir(await txsPromise, false);
    const wallog = join(root, 'dbs/default/wallog');
    const bytes = await readFile(wallog);
    const at = 64 + SQLD_FRAME_SIZE + 500;
    bytes[at] = (bytes[at] ?? 0) ^ 1;
    await writeFile(wallog, bytes);
    expect(await refusal(root, commits.at(-1))).toBe('CHAIN_BROKEN');
    const verified = await verifyNamespace(await openLayout(root), 'default');
    const broken = verified.segments.find((s) => s.file === 'wallog');
    expect(broken?.problems[0]?.message).toContain(`frame ${(commits[19] ?? 0n) + 2n}`);
  });

  it('overlapping snapshots break the chain; a snapshot inside a wider one is a leftover', async () => {
    const { root } = await namespaceDir(await txsPromise);
    const dir = join(root, 'dbs/default/snapshots');
    const [first, second] = (await readdir(dir)).sort((a, b) => Number(a.split('-')[5]) - Number(b.split('-')[5]));
    if (!first || !second) throw new Error('the writer made no snapshots');
    const end = Number(second.split('-')[6]?.replace('.snap', ''));
    const start = Number(second.split('-')[5]) - 1;
    // A copy of the second snapshot starting one frame earlier, in its name and its header alike: it
    // overlaps the first snapshot's last frame, and holds the second whole.
    const copy = Buffer.from(await readFile(join(dir, second)));
    copy.writeBigUInt64LE(BigInt(start), 16);
    await writeFile(join(dir, second.replace(/-(\d+)-(\d+)\.snap$/, `-${start}-${end}.snap`)), copy);
    const verified = await verifyNamespace(await openLayout(root), 'default');
    const problems = verified.segments.flatMap((s) => s.problems);
    const errors = problems.filter((p) => p.severity === 'error').map((p) => p.code);
    expect(errors).toEqual(['CHAIN_BROKEN']);
    expect(problems).toContainEqual(
      expect.objectContaining({ code: 'OVERLAP_CONFLICT', message: expect.stringContaining(second) }),
    );
  });

  it('a data-wal that is neither a WAL file nor a folder of segments is named, and verify fails', async () => {
    const { root } = await namespaceDir(await txsPromise);
    const wal = join(root, 'dbs/default/data-wal');
    await rm(wal);
    await writeFile(wal, 'not a WAL file at all, only text');
    const verified = await verifyNamespace(await openLayout(root), 'default');
    expect(verified.ok).toBe(false);
    expect(verified.segments.find((s) => s.file === 'data-wal')?.problems[0]?.code).toBe('NOT_A_SEGMENT');
    expect(await refusal(root)).toBe('NOT_A_SEGMENT');
  });
});
