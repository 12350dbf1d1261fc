import { randomUUID } from 'node:crypto';
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyNamespace } from '../../../core/inspect/verify-files.js';
import { AGREEMENT_ENTRY } from '../../../core/inspect/wal-log-agreement.js';
import { openLayout } from '../../../core/layouts/open-layout.js';
import type { Problem } from '../../../core/model/problem.js';
import { Database } from '../../../core/sqlite/driver.js';
import type { LoggedTransaction } from '../../../core/workload/generate.js';
import { writeDefaultNamespace } from '../../../core/workload/sqld-default-namespace.js';
import { tempDir } from '../../support/segments.js';
import { workloadTransactions } from '../../support/workload.js';

const SAMPLE = join(import.meta.dirname, '../../vectors/sqld-default/data.sqld');

function transactions(count: number): Promise<LoggedTransaction[]> {
  return workloadTransactions({ seed: 11, transactions: count, rowsPerTransaction: 5 });
}

/** A namespace whose log holds `inLog` of the transactions and whose data + data-wal hold them all. */
async function namespace(txs: LoggedTransaction[], inLog: number): Promise<string> {
  const [root, whole] = [await tempDir(), await tempDir()];
  const common = { namespace: 'default', logId: randomUUID(), transactionsPerLog: 4, pendingLast: true, inWal: 5 };
  await writeDefaultNamespace({ ...common, root, transactions: txs.slice(0, inLog), salts: [3, 4] });
  await writeDefaultNamespace({ ...common, root: whole, transactions: txs, salts: [3, 4] });
  for (const file of ['data', 'data-wal'])
    await copyFile(join(whole, 'dbs/default', file), join(root, 'dbs/default', file));
  return root;
}

async function agreement(root: string): Promise<Problem[] | null> {
  const result = await verifyNamespace(await openLayout(root), 'default');
  return result.segments.find((s) => s.file === AGREEMENT_ENTRY)?.problems ?? null;
}

describe("a default-mode namespace's WAL file against its log", () => {
  const txsPromise = transactions(14);

  it('the sample and a namespace whose two histories end together: nothing to say', async () => {
    expect(await agreement(SAMPLE)).toBeNull();
    const txs = await txsPromise;
    expect(await agreement(await namespace(txs, txs.length))).toBeNull();
  });

  it('one committed transaction more in the WAL: a warning naming both frames, verify still passes', async () => {
    const txs = await txsPromise;
    const root = await namespace(txs, txs.length - 1);
    const problems = await agreement(root);
    expect(problems).toHaveLength(1);
    expect(problems?.[0]).toMatchObject({ code: 'LOG_MISMATCH', severity: 'warning' });
    expect(problems?.[0]?.message).toMatch(/one committed transaction more \(WAL frame \d+\) than the log/);
    expect((await verifyNamespace(await openLayout(root), 'default')).ok).toBe(true);
  });

  it('a log two transactions behind: the pages differ, a warning naming the log frame to restore', async () => {
    const txs = await txsPromise;
    const problems = await agreement(await namespace(txs, txs.length - 2));
    expect(problems?.[0]?.code).toBe('LOG_MISMATCH');
    expect(problems?.[0]?.message).toMatch(/hold different pages .*--until-frame \d+ the log's/);
  });

  it(
    "data-shm: SQLite's own agrees; one whose last frame " + "is not the WAL's is a warning, read without a lock",
    async () => {
      const nsDir = join(await tempDir(), 'dbs', 'default');
      await mkdir(nsDir, { recursive: true });
      const writer = new Database(join(nsDir, 'data'));
      try {
        writer.pragma('journal_mode = WAL');
        writer.pragma('wal_autocheckpoint = 0');
        writer.exec('CREATE TABLE t (x); INSERT INTO t VALUES (1); INSERT INTO t VALUES (2)');
        const root = join(nsDir, '../..');
        expect(await agreement(root)).toBeNull();
        // A copy of the three files whose wal-index claims one frame fewer, in both header copies.
        const copy = join(await tempDir(), 'dbs', 'default');
        await mkdir(copy, { recursive: true });
        for (const file of ['data', 'data-wal']) await copyFile(join(nsDir, file), join(copy, file));
        const shm = await readFile(join(nsDir, 'data-shm'));
        const view = new DataView(shm.buffer, shm.byteOffset, shm.byteLength);
        const littleEndian = view.getUint32(0, true) === 3007000;
        for (const at of [16, 64]) view.setUint32(at, view.getUint32(at, littleEndian) - 1, littleEndian);
        await writeFile(join(copy, 'data-shm'), shm);
        const problems = await agreement(join(copy, '../..'));
        expect(problems).toHaveLength(1);
        expect(problems?.[0]).toMatchObject({ code: 'INDEX_MISMATCH', severity: 'warning' });
        // The writer was never blocked: it commits after every read.
        writer.exec('INSERT INTO t VALUES (3)');
        expect(writer.prepare('SELECT count(*) AS n FROM t').get()).toEqual({ n: 3 });
      } finally {
        writer.close();
      }
    },
  );
});
