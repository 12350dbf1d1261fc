import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Workspace } from '../../core/api/workspace.js';
import { restoreDatabase } from '../../core/restore/restore.js';
import type { RestoreSource } from '../../core/restore/restore-contract.js';
import { Database } from '../../core/sqlite/driver.js';
import { diffDatabases } from '../../core/timetravel/diff.js';
import { PointDatabases } from '../../core/timetravel/point-database.js';
import { QueryProcess } from '../../core/timetravel/query-process.js';
import { sqlAt } from '../../core/timetravel/time-travel.js';
import { type GeneratedSegment, type WorkloadScript, generateWorkload } from '../../core/workload/generate.js';
import { writeSqldNamespace } from '../../core/workload/sqld-namespace.js';
import { type BenchSuite, type Recorder, medianMs, timeMs } from './harness.js';

/** About 2.4 million rows of ~420 bytes: 1 GiB of 4 KiB pages, nine rows a leaf. */
const ROWS = 2_400_000;
/** One row updated every this many: one leaf in a hundred, 1% of the pages. */
const EVERY = 900;
const QUERY = 'SELECT id, category, amount FROM items WHERE id BETWEEN 1000000 AND 1000100';

/** Transaction 0 fills the table; 1 changes one row (point A); 2 changes one row in 1% of the leaves (point B). */
const SCRIPT: WorkloadScript = {
  schema:
    'CREATE TABLE items (id INTEGER PRIMARY KEY, category INTEGER ' +
    'NOT NULL, label TEXT NOT NULL, amount INTEGER NOT NULL)',
  prepare(db) {
    const update = db.prepare('UPDATE items SET amount = amount + 1 WHERE id = ?');
    return (tx) => {
      if (tx === 0) {
        db.prepare(
          `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${ROWS})
          INSERT INTO items (id, category, label, amount) SELECT i, i % 97, hex(zeroblob(200)) || i, i FROM n`,
        ).run();
      } else if (tx === 1) update.run(7);
      else for (let id = EVERY / 2; id <= ROWS; id += EVERY) update.run(id);
    };
  },
};

/** A sqld namespace: the filled database checkpointed into `data`, then one sealed segment a point. */
async function buildHistory(root: string): Promise<{ source: RestoreSource; a: bigint; b: bigint }> {
  const segments: GeneratedSegment[] = [];
  await generateWorkload({
    transactions: 3,
    rowsPerTransaction: 1,
    framesPerSegment: Number.MAX_SAFE_INTEGER,
    transactionsPerSegment: 1,
    seed: 1,
    script: SCRIPT,
    onSegment: (s) => void segments.push(s),
  });
  await writeSqldNamespace({
    root,
    namespace: 'default',
    segments,
    checkpointed: 2,
    unsealedLast: false,
    logId: randomUUID(),
    firstSealedAtMs: 1_730_000_000_000n,
    salt: (i) => 0x1000 + i,
  });
  const source = await (await Workspace.open(root, { remote: { kind: 'none' } })).restoreSource('default');
  const [a, b] = [segments[2]?.endFrameNo, segments[3]?.endFrameNo];
  if (a === undefined || b === undefined) throw new Error('the workload did not produce its four segments');
  return { source, a, b };
}

async function queryBench(
  root: string,
  source: RestoreSource,
  at: bigint,
  mb: number,
  record: Recorder,
): Promise<void> {
  let run = 0;
  const expected = 101;
  const plainMs = await medianMs(3, async () => {
    const out = join(root, `plain-${run++}.db`);
    await restoreDatabase(source, { out, untilFrameNo: at, allowGaps: false });
    const db = new Database(out, { readonly: true });
    const rows = db.prepare(QUERY).all().length;
    db.close();
    await rm(out);
    if (rows !== expected) throw new Error(`the plain query returned ${rows} rows`);
  });
  const worker = new QueryProcess();
  try {
    let points = new PointDatabases();
    const firstMs = await medianMs(3, async () => {
      await points.dispose();
      points = new PointDatabases();
      const result = await sqlAt({ points, sourceId: root, source, worker }, { atFrameNo: at }, QUERY, 10_000);
      if (result.rows.length !== expected) throw new Error(`the first query returned ${result.rows.length} rows`);
    });
    record({
      what: `first query at a point of a ${mb.toFixed(0)} MB database (restore, open, query; median of 3)`,
      value: firstMs,
      unit: 'ms',
      baseline: { what: 'restore to a file, open it in SQLite, run the same query (median of 3)', value: plainMs },
      ratio: { value: firstMs / plainMs, meaning: 'of restore + open + query' },
      target: { text: '<= 1x', met: firstMs <= plainMs },
    });
    const built = await points.at(root, source, { atFrameNo: at });
    const db = new Database(built.path, { readonly: true });
    const ownMs = await medianMs(9, () => db.prepare(QUERY).all());
    db.close();
    const secondMs = await medianMs(9, () =>
      sqlAt({ points, sourceId: root, source, worker }, { atFrameNo: at }, QUERY, 10_000),
    );
    record({
      what:
        `second query at the same point (through the query process, as the app runs ` +
        `it; median of 9): ${(secondMs - ownMs).toFixed(2)} ms over the query itself`,
      value: secondMs,
      unit: 'ms',
      baseline: { what: "the query's own time on an open connection (median of 9)", value: ownMs },
      target: { text: '< 50 ms + the query', met: secondMs - ownMs < 50 },
    });
    await points.dispose();
  } finally {
    await worker.close();
  }
}

async function diffBench(
  root: string,
  source: RestoreSource,
  a: bigint,
  b: bigint,
  mb: number,
  record: Recorder,
): Promise<void> {
  const points = new PointDatabases();
  try {
    const [from, to] = [
      await points.at(root, source, { atFrameNo: a }),
      await points.at(root, source, { atFrameNo: b }),
    ];
    let changed = 0;
    const fastMs = await medianMs(3, () => {
      changed = diffDatabases(from, to, 100).tables.reduce((n, t) => n + t.changed, 0);
    });
    let fullChanged = 0;
    const fullMs = await timeMs(() => {
      fullChanged = diffDatabases(from, to, 100, { shortcuts: false }).tables.reduce((n, t) => n + t.changed, 0);
    });
    if (changed !== fullChanged || changed < ROWS / EVERY)
      throw new Error(`the diffs disagree: ${changed} vs ${fullChanged} rows changed`);
    record({
      what:
        `diff two points of a ${mb.toFixed(0)} MB database, ` +
        `${changed} rows changed in 1% of the pages (median of 3)`,
      value: fastMs,
      unit: 'ms',
      baseline: { what: 'the same diff scanning both copies in full (one run)', value: fullMs },
      ratio: { value: fullMs / fastMs, meaning: 'times faster than the full scan' },
      target: { text: '>= 10x', met: fullMs / fastMs >= 10 },
    });
  } finally {
    await points.dispose();
  }
}

export const timetravelSuite: BenchSuite = {
  name: 'timetravel',
  async run(record) {
    const root = await mkdtemp(join(tmpdir(), 'segscope-bench-timetravel-'));
    try {
      const { source, a, b } = await buildHistory(root);
      const mb = (await stat(join(root, 'dbs', 'default', 'data'))).size / 1e6;
      await queryBench(root, source, b, mb, record);
      await diffBench(root, source, a, b, mb, record);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  },
};
