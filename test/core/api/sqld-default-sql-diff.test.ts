import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSegscopeApi } from '../../../core/api/api.js';
import { Database } from '../../../core/sqlite/driver.js';
import { writeDefaultNamespace } from '../../../core/workload/sqld-default-namespace.js';
import { tempDir } from '../../support/segments.js';
import { workloadTransactions } from '../../support/workload.js';

const QUERY = 'SELECT id, name, balance FROM accounts ORDER BY id';

/** What SQLite itself answers on the database as a transaction left it. */
async function sqliteAnswer(snapshot: Uint8Array | null, query: string): Promise<string[][]> {
  const path = join(await tempDir(), 'expected.db');
  await writeFile(path, snapshot ?? new Uint8Array());
  const db = new Database(path);
  try {
    return db
      .prepare(query)
      .raw()
      .all()
      .map((row) => (row as unknown[]).map(String));
  } finally {
    db.close();
  }
}

describe("sql and diff through the API at a default-mode namespace's log points, against SQLite's rows", () => {
  it('each log point answers as SQLite did at that commit, and a diff counts what changed between two', async () => {
    const txs = await workloadTransactions({ seed: 11, transactions: 12 });
    const root = await tempDir();
    const { commitFrameNos } = await writeDefaultNamespace({
      root,
      namespace: 'default',
      transactions: txs,
      logId: randomUUID(),
      transactionsPerLog: 4,
      pendingLast: true,
      inWal: 3,
      salts: [7, 0x5eed],
    });
    const api = createSegscopeApi(
      { dir: null, layout: null, namespace: 'default', remote: { kind: 'none' } },
      { onProgress: () => undefined },
    );
    await api.openDirectory({ dir: root, namespace: 'default' });
    const logPoints = (await api.points({})).points.filter((p) => p.walFrame === undefined);
    expect(logPoints.length).toBeGreaterThan(2);
    for (const point of logPoints) {
      const answer = await api.sql({ query: QUERY, atFrameNo: point.frameNo, limit: 10_000 });
      const snapshot = txs[commitFrameNos.indexOf(point.frameNo)]?.snapshot ?? null;
      expect(answer.rows.map((row) => row.map(String))).toEqual(await sqliteAnswer(snapshot, QUERY));
    }
    const [from, to] = [logPoints[0], logPoints.at(-1)];
    if (!from || !to) throw new Error('no points');
    const diff = await api.diff({ from: { atFrameNo: from.frameNo }, to: { atFrameNo: to.frameNo }, limit: 10_000 });
    const before = new Map(
      (await sqliteAnswer(txs[commitFrameNos.indexOf(from.frameNo)]?.snapshot ?? null, QUERY)).map((r) => [
        r[0],
        r.join('|'),
      ]),
    );
    const after = await sqliteAnswer(txs[commitFrameNos.indexOf(to.frameNo)]?.snapshot ?? null, QUERY);
    const afterIds = new Set(after.map((r) => r[0]));
    expect(diff.tables.find((t) => t.name === 'accounts')).toMatchObject({
      added: after.filter((r) => !before.has(r[0])).length,
      removed: [...before.keys()].filter((id) => !afterIds.has(id)).length,
      changed: after.filter((r) => before.has(r[0]) && before.get(r[0]) !== r.join('|')).length,
    });
  });
});
