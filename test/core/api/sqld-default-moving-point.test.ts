import { randomUUID } from 'node:crypto';
import { cp, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSegscopeApi } from '../../../core/api/api.js';
import { writeDefaultNamespace } from '../../../core/workload/sqld-default-namespace.js';
import { tempDir } from '../../support/segments.js';
import { workloadTransactions } from '../../support/workload.js';

const QUERY = 'SELECT id, name, balance FROM accounts ORDER BY id';

function openApi(root: string) {
  const api = createSegscopeApi(
    { dir: null, layout: null, namespace: 'default', remote: { kind: 'none' } },
    { onProgress: () => undefined },
  );
  return api.openDirectory({ dir: root, namespace: 'default' }).then(() => api);
}

/**
 * The namespace's files replaced in place, as sqld leaves them after more commits and a checkpoint
 * that restarted the WAL.
 */
async function writeOver(root: string, fresh: string): Promise<void> {
  const nsDir = join(root, 'dbs', 'default');
  for (const entry of await readdir(nsDir, { recursive: true, withFileTypes: true }))
    if (entry.isFile()) await rm(join(entry.parentPath, entry.name));
  await cp(join(fresh, 'dbs', 'default'), nsDir, { recursive: true, force: true });
}

describe('a query at a point that moves while the namespace is open', () => {
  it('the newest point and wal:N are built again after commits and a checkpoint, as a fresh open does', async () => {
    const txs = await workloadTransactions({ seed: 5, transactions: 14 });
    const logId = randomUUID();
    const write = (root: string, count: number, inWal: number, salts: [number, number]) =>
      writeDefaultNamespace({
        root,
        namespace: 'default',
        transactions: txs.slice(0, count),
        logId,
        transactionsPerLog: 4,
        pendingLast: false,
        inWal,
        salts,
      });
    const root = await tempDir();
    await write(root, 10, 3, [7, 0x5eed]);
    const api = await openApi(root);
    const walPoint = (await api.points({})).points.find((p) => p.walFrame !== undefined)?.walFrame;
    if (walPoint === undefined) throw new Error('the namespace has no WAL point');
    const newestBefore = await api.sql({ query: QUERY, limit: 10_000 });
    const walBefore = await api.sql({ query: QUERY, atWalFrame: walPoint, limit: 10_000 });

    const fresh = await tempDir();
    await write(fresh, 14, 2, [8, 0xbeef]);
    await writeOver(root, fresh);
    const reopened = await openApi(root);
    const newestAfter = await reopened.sql({ query: QUERY, limit: 10_000 });
    const walAfter = await reopened.sql({ query: QUERY, atWalFrame: walPoint, limit: 10_000 });
    expect(newestAfter.rows).not.toEqual(newestBefore.rows);
    expect(walAfter.rows).not.toEqual(walBefore.rows);

    // The API opened before the change answers as the one opened after it.
    const newest = await api.sql({ query: QUERY, limit: 10_000 });
    expect(newest.rows).toEqual(newestAfter.rows);
    expect(newest.atWalFrame).toBe(newestAfter.atWalFrame);
    expect((await api.sql({ query: QUERY, atWalFrame: walPoint, limit: 10_000 })).rows).toEqual(walAfter.rows);
  });
});
