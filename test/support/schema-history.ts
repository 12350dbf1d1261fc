import { Workspace } from '../../core/api/workspace.js';
import { Database } from '../../core/sqlite/driver.js';
import type { PointFile } from '../../core/timetravel/changed-trees.js';
import type { PointDatabases } from '../../core/timetravel/point-database.js';
import {
  type GeneratedSegment,
  type LoggedTransaction,
  type WorkloadScript,
  generateWorkload,
} from '../../core/workload/generate.js';
import { sqldWorkloadDir } from './workload.js';

/** What each transaction of SCHEMA_SCRIPT does to the schema, by its number. */
export const SCHEMA_STEPS = {
  fill: 0,
  addTable: 1,
  dropTable: 2,
  renameColumn: 3,
  addColumn: 4,
  changeKey: 5,
  renameKey: 6,
  rowsOnly: 7,
} as const;

/** The default ADD COLUMN gives `items.extra`: the rows already there hold it. */
export const EXTRA_DEFAULT = 7;

/**
 * A history whose transactions change the schema as well as rows: a table added (with
 * AUTOINCREMENT, so sqlite_sequence appears), one dropped, a column renamed and one added to
 * `items` with rows inserted, deleted and updated beside, `keyed` re-created WITHOUT ROWID, and the
 * key column of the WITHOUT ROWID table `pairs` renamed.
 */
const SCRIPT: WorkloadScript = {
  schema: [
    'CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL, note TEXT);',
    'CREATE TABLE gone (id INTEGER PRIMARY KEY, v TEXT);',
    'CREATE TABLE keyed (id INTEGER PRIMARY KEY, v TEXT);',
    'CREATE TABLE pairs (k TEXT PRIMARY KEY, v INTEGER) WITHOUT ROWID;',
  ].join(''),
  prepare(db) {
    const run = (sql: string, ...args: unknown[]) => db.prepare(sql).run(...args);
    return (tx) => {
      switch (tx) {
        case SCHEMA_STEPS.fill:
          for (let i = 1; i <= 60; i++) run('INSERT INTO items VALUES (?, ?, ?)', i, `item ${i}`, `note ${i}`);
          for (let i = 1; i <= 25; i++) run('INSERT INTO gone VALUES (?, ?)', i, `gone ${i}`);
          for (let i = 1; i <= 20; i++) run('INSERT INTO keyed VALUES (?, ?)', i, `keyed ${i}`);
          for (let i = 1; i <= 10; i++) run('INSERT INTO pairs VALUES (?, ?)', `k${i}`, i);
          return;
        case SCHEMA_STEPS.addTable:
          db.exec('CREATE TABLE events (id INTEGER PRIMARY KEY AUTOINCREMENT, what TEXT NOT NULL)');
          for (let i = 0; i < 37; i++) run('INSERT INTO events (what) VALUES (?)', `event ${i}`);
          return;
        case SCHEMA_STEPS.dropTable:
          db.exec('DROP TABLE gone');
          return;
        case SCHEMA_STEPS.renameColumn:
          db.exec('ALTER TABLE items RENAME COLUMN note TO remark');
          for (let i = 101; i <= 131; i++) run('INSERT INTO items VALUES (?, ?, ?)', i, `item ${i}`, `remark ${i}`);
          run('DELETE FROM items WHERE id BETWEEN 11 AND 20');
          run("UPDATE items SET remark = 'rewritten' WHERE id IN (3, 4)");
          return;
        case SCHEMA_STEPS.addColumn:
          db.exec(`ALTER TABLE items ADD COLUMN extra INTEGER DEFAULT ${EXTRA_DEFAULT}`);
          run('UPDATE items SET extra = 9 WHERE id IN (5, 6, 7)');
          run(`UPDATE items SET extra = ${EXTRA_DEFAULT} WHERE id = 8`);
          run("UPDATE items SET name = 'renamed' WHERE id IN (21, 22)");
          return;
        case SCHEMA_STEPS.changeKey:
          db.exec(
            'CREATE TABLE keyed2 (id INTEGER PRIMARY KEY, v TEXT) WITHOUT ROWID;' +
              'INSERT INTO keyed2 SELECT id, v FROM keyed WHERE id > 5;' +
              'DROP TABLE keyed; ALTER TABLE keyed2 RENAME TO keyed;',
          );
          return;
        case SCHEMA_STEPS.renameKey:
          db.exec('ALTER TABLE pairs RENAME COLUMN k TO name');
          run("UPDATE pairs SET v = 100 WHERE name = 'k2'");
          return;
        default:
          run("UPDATE items SET name = 'again' WHERE id = 30");
          run("INSERT INTO events (what) VALUES ('later')");
      }
    };
  },
};

/** A point of the history and the database SQLite held there. */
export interface SchemaPoint {
  file: PointFile;
  /** The frame the point stands at, as `--from`/`--to` take it. */
  frame: bigint;
  /** SQLite's own copy of the database right after that transaction, opened in memory. */
  snapshot: () => Database;
}

/** The history written as a sqld data directory at `root`: the script's transactions, in order. */
export async function writeSchemaHistory(root?: string): Promise<{ root: string; steps: LoggedTransaction[] }> {
  const segments: GeneratedSegment[] = [];
  await generateWorkload({
    transactions: SCHEMA_STEPS.rowsOnly + 1,
    rowsPerTransaction: 1,
    framesPerSegment: 1_000,
    transactionsPerSegment: 3,
    seed: 8,
    keepSnapshots: true,
    script: SCRIPT,
    onSegment: (s) => void segments.push(s),
  });
  const written = await sqldWorkloadDir(segments, 8, 0, false, root);
  // Transaction 0 of the log is the schema's commit; tx k of the script is the log's k+1.
  return { root: written.root, steps: segments.flatMap((s) => s.transactions).slice(1) };
}

/** The frame a logged transaction's commit stands at, as `--from`/`--to` take it. */
export const commitFrame = (t: LoggedTransaction | undefined): bigint => t?.frames.at(-1)?.frameNo ?? 0n;

/** The history in a test's temporary folder; `at(tx)` is the point right after transaction `tx`. */
export async function schemaHistory(
  points: PointDatabases,
): Promise<{ root: string; at: (tx: number) => Promise<SchemaPoint> }> {
  const { root, steps } = await writeSchemaHistory();
  const source = await (await Workspace.open(root, { remote: { kind: 'none' } })).restoreSource('default');
  const at = async (tx: number): Promise<SchemaPoint> => {
    const t = steps[tx];
    const frame = commitFrame(t);
    const image = t?.snapshot;
    if (!image) throw new Error(`no snapshot after transaction ${tx}`);
    const file = await points.at(root, source, { atFrameNo: frame });
    // The image says WAL mode (header bytes 18-19), which a database in memory cannot open; the
    // rollback journal's 1 there changes nothing of its content.
    const rollback = Buffer.from(image).fill(1, 18, 20);
    return { file, frame, snapshot: () => new Database(rollback) };
  };
  return { root, at };
}
