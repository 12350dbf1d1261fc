import { writeFile } from 'node:fs/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { Workspace } from '../../../core/api/workspace.js';
import { BtreeFile } from '../../../core/timetravel/btree-shape.js';
import { scopeTables } from '../../../core/timetravel/changed-trees.js';
import { diffDatabases } from '../../../core/timetravel/diff.js';
import { PointDatabases } from '../../../core/timetravel/point-database.js';
import { type GeneratedSegment, type WorkloadScript, generateWorkload } from '../../../core/workload/generate.js';
import { Database } from '../../../core/sqlite/driver.js';
import { tempDir } from '../../support/segments.js';
import { sqldWorkloadDir } from '../../support/workload.js';

const points = new PointDatabases();
afterAll(() => points.dispose());

const BIG_ROWS = 3000;

/**
 * Transaction 0 fills the tables: `big` spans about 150 leaves under an interior page, `kv` is
 * WITHOUT ROWID, `blobs` rows overflow, `quiet` is never touched again. Each later transaction
 * does one kind of thing, chosen by its number, so the test knows which points differ where.
 */
const SCRIPT: WorkloadScript = {
  schema: `
    CREATE TABLE big (id INTEGER PRIMARY KEY, label TEXT NOT NULL, amount INTEGER NOT NULL);
    CREATE TABLE kv (k TEXT PRIMARY KEY, v INTEGER NOT NULL) WITHOUT ROWID;
    CREATE TABLE blobs (id INTEGER PRIMARY KEY, data BLOB NOT NULL);
    CREATE TABLE quiet (id INTEGER PRIMARY KEY, x TEXT);
  `,
  prepare(db, random) {
    const pick = (n: number) => Math.floor(random() * n);
    return (tx) => {
      if (tx === 0) {
        const insert = db.prepare('INSERT INTO big (id, label, amount) VALUES (?, ?, ?)');
        for (let i = 1; i <= BIG_ROWS; i++) insert.run(i * 10, `row ${i} `.padEnd(200, '.'), i);
        for (let i = 0; i < 400; i++)
          db.prepare('INSERT INTO kv (k, v) VALUES (?, ?)').run(`key-${String(i).padStart(4, '0')}`, i);
        for (let i = 1; i <= 4; i++)
          db.prepare('INSERT INTO blobs (id, data) VALUES (?, ?)').run(i, Buffer.alloc(9000, i));
        for (let i = 1; i <= 50; i++) db.prepare('INSERT INTO quiet (id, x) VALUES (?, ?)').run(i, `q${i}`);
        return;
      }
      switch (tx % 4) {
        case 1: // a few rows of big updated, one inserted between existing rowids, one deleted
          for (let n = 0; n < 3; n++)
            db.prepare('UPDATE big SET amount = amount + ? WHERE id = ?').run(1 + pick(9), 10 * (1 + pick(BIG_ROWS)));
          db.prepare('INSERT OR REPLACE INTO big (id, label, amount) VALUES (?, ?, ?)').run(
            10 * (1 + pick(BIG_ROWS)) + 5,
            'between',
            -tx,
          );
          db.prepare('DELETE FROM big WHERE id = ?').run(10 * (1 + pick(BIG_ROWS)));
          break;
        case 2:
          db.prepare('UPDATE kv SET v = v + 1 WHERE k = ?').run(`key-${String(pick(400)).padStart(4, '0')}`);
          break;
        case 3: {
          // Same size, bytes changed only far into the value: SQLite rewrites the overflow page alone.
          const data = Buffer.alloc(9000, 1 + (tx % 4));
          data[8500] = tx & 0xff;
          db.prepare('UPDATE blobs SET data = ? WHERE id = ?').run(data, 1 + pick(4));
          break;
        }
        default:
          db.prepare('UPDATE big SET label = ? WHERE id = ?').run(`relabelled ${tx}`, 10 * (1 + pick(BIG_ROWS)));
      }
    };
  },
};

async function history() {
  const segments: GeneratedSegment[] = [];
  await generateWorkload({
    transactions: 13,
    rowsPerTransaction: 1,
    framesPerSegment: 1_000,
    transactionsPerSegment: 3,
    seed: 5,
    script: SCRIPT,
    onSegment: (s) => void segments.push(s),
  });
  const { root } = await sqldWorkloadDir(segments, 5, 0, false);
  const source = await (await Workspace.open(root, { remote: { kind: 'none' } })).restoreSource('default');
  // The frame after each transaction, in order: tx 0 is the schema's commit, tx k+1 the k-th transaction.
  const commits = segments.flatMap((s) => s.transactions.map((t) => t.frames.at(-1)?.frameNo ?? 0n));
  const at = (tx: number) => points.at(root, source, { atFrameNo: commits[tx + 1] });
  return { at, commits };
}

describe('page-level shortcuts of diff', () => {
  it(
    'reads only the tables and rowid ranges whose pages ' + 'changed, and answers as the full comparison does',
    async () => {
      const { at } = await history();
      const before = await at(4);
      const after = await at(5); // transaction 5: a few rows of big, nothing else
      const schema = new Database(after.path, { readonly: true });
      const trees = (
        schema.prepare('SELECT name, rootpage, sql, type FROM sqlite_schema WHERE rootpage > 0').all() as {
          name: string;
          rootpage: number;
          sql: string;
          type: string;
        }[]
      ).map((r) => ({
        name: r.name,
        rootpage: r.rootpage,
        rowid: r.type === 'table' && !/WITHOUT ROWID/i.test(r.sql),
      }));
      schema.close();
      const scopes = scopeTables({ point: before, trees }, { point: after, trees }, ['big', 'kv', 'blobs', 'quiet']);
      expect(scopes?.get('quiet')).toEqual({ kind: 'unchanged' });
      expect(scopes?.get('kv')).toEqual({ kind: 'unchanged' });
      expect(scopes?.get('blobs')).toEqual({ kind: 'unchanged' });
      const big = scopes?.get('big');
      expect(big?.kind).toBe('ranges');
      // A handful of leaves out of about 150: the shortcut reads a small part of the table.
      const ranges = big?.kind === 'ranges' ? big.ranges : [];
      expect(ranges.length).toBeGreaterThan(0);
      expect(ranges.length).toBeLessThan(10);
      const file = BtreeFile.open(after.path);
      const everyPage = new Set(Array.from({ length: file.pageCount }, (_, i) => i + 1));
      const leaves = file.tree(trees.find((t) => t.name === 'big')?.rootpage ?? 0, true, everyPage)?.leaves.length ?? 0;
      file.close();
      expect(leaves).toBeGreaterThan(100);
      expect(diffDatabases(before, after, 50)).toEqual(diffDatabases(before, after, 50, { shortcuts: false }));
    },
  );

  it('falls back to comparing whole tables when a changed page is an overflow page, and stays exact', async () => {
    const { at } = await history();
    const before = await at(2);
    const after = await at(3); // transaction 3: a blob's overflow page rewritten in place
    const schema = new Database(after.path, { readonly: true });
    const trees = (
      schema.prepare('SELECT name, rootpage FROM sqlite_schema WHERE rootpage > 0').all() as {
        name: string;
        rootpage: number;
      }[]
    ).map((r) => ({ ...r, rowid: r.name !== 'kv' && !r.name.startsWith('sqlite_autoindex') }));
    schema.close();
    expect(scopeTables({ point: before, trees }, { point: after, trees }, ['big', 'kv', 'blobs', 'quiet'])).toBeNull();
    const full = diffDatabases(before, after, 50, { shortcuts: false });
    expect(full.tables.map((t) => [t.name, t.changed])).toEqual([['blobs', 1]]);
    expect(diffDatabases(before, after, 50)).toEqual(full);
  });

  it('equals the full comparison for every pair of points of the history', async () => {
    const { at, commits } = await history();
    const count = commits.length - 1;
    for (let a = 0; a < count; a++) {
      for (let b = a + 1; b < count; b += 3) {
        const [from, to] = [await at(a), await at(b)];
        expect(diffDatabases(from, to, 20), `${a} -> ${b}`).toEqual(diffDatabases(from, to, 20, { shortcuts: false }));
        expect(diffDatabases(to, from, 20), `${b} -> ${a}`).toEqual(diffDatabases(to, from, 20, { shortcuts: false }));
      }
    }
  });
});

describe('the b-tree walk on damaged files', () => {
  /** A rowid table whose root is an interior page over many leaves, in a file of its own. */
  async function table(): Promise<{ path: string; root: number }> {
    const path = `${await tempDir()}/walk.db`;
    const db = new Database(path);
    db.pragma('page_size = 4096');
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)');
    const insert = db.prepare('INSERT INTO t (id, v) VALUES (?, ?)');
    db.transaction(() => {
      for (let i = 1; i <= 2000; i++) insert.run(i, 'x'.repeat(200));
    })();
    const root = db.prepare("SELECT rootpage FROM sqlite_schema WHERE name = 't'").pluck().get() as number;
    db.close();
    return { path, root };
  }

  /** Rewrites the root's first child pointer (the 4 bytes its first cell starts with). */
  async function pointFirstChildAt(path: string, root: number, child: number): Promise<void> {
    const { open } = await import('node:fs/promises');
    const handle = await open(path, 'r+');
    try {
      const page = Buffer.alloc(4096);
      await handle.read(page, 0, 4096, (root - 1) * 4096);
      expect(page[0]).toBe(0x05); // an interior table page
      page.writeUInt32BE(child, page.readUInt16BE(12));
      await handle.write(page, 0, 4096, (root - 1) * 4096);
    } finally {
      await handle.close();
    }
  }

  const everyPage = (file: BtreeFile) => new Set(Array.from({ length: file.pageCount }, (_, i) => i + 1));

  it(
    'walks a sound tree, and refuses (null) a child pointing ' + 'back at its parent, past the end, or at page 0',
    async () => {
      for (const child of [null, 'root', 1_000_000, 0] as const) {
        const { path, root } = await table();
        if (child !== null) await pointFirstChildAt(path, root, child === 'root' ? root : child);
        const file = BtreeFile.open(path);
        try {
          const walked = file.tree(root, true, everyPage(file));
          if (child === null) expect(walked?.leaves.length).toBeGreaterThan(50);
          else expect(walked, String(child)).toBeNull();
        } finally {
          file.close();
        }
      }
    },
  );

  it('a file whose header holds no SQLite page size is refused on open', async () => {
    const path = `${await tempDir()}/not-sqlite.db`;
    await writeFile(path, Buffer.alloc(8192, 7));
    expect(() => BtreeFile.open(path)).toThrow(/page size/);
  });
});
