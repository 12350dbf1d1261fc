import { afterAll, describe, expect, it } from 'vitest';
import { diffDatabases } from '../../../core/timetravel/diff.js';
import { PointDatabases } from '../../../core/timetravel/point-database.js';
import { EXTRA_DEFAULT, SCHEMA_STEPS as S, type SchemaPoint, schemaHistory } from '../../support/schema-history.js';

const points = new PointDatabases();
afterAll(() => points.dispose());

/** A table's rows as SQLite holds them at a point: rowid -> its values in column order, as JSON. */
function rowsOf(point: SchemaPoint, table: string, pad: unknown[] = []): Map<string, string> {
  const db = point.snapshot();
  try {
    const exists = db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?").get(table);
    if (!exists) return new Map();
    const rows = db.prepare(`SELECT rowid, * FROM "${table}"`).raw().all() as unknown[][];
    return new Map(rows.map(([key, ...values]) => [String(key), JSON.stringify([...values, ...pad])]));
  } finally {
    db.close();
  }
}

/** Rows only after, only before, and in both with other values: what the diff must count. */
function expected(before: Map<string, string>, after: Map<string, string>) {
  const keys = (m: Map<string, string>, other: Map<string, string>) => [...m.keys()].filter((k) => !other.has(k));
  return {
    added: keys(after, before).length,
    removed: keys(before, after).length,
    changed: [...after.keys()].filter((k) => before.has(k) && before.get(k) !== after.get(k)).length,
  };
}

const counts = (t: { added: number; removed: number; changed: number } | undefined) =>
  t && { added: t.added, removed: t.removed, changed: t.changed };

/** The diff between two points, after checking the page shortcut answers as the full comparison. */
function diff(from: SchemaPoint, to: SchemaPoint, limit = 100) {
  const result = diffDatabases(from.file, to.file, limit);
  expect(result).toEqual(diffDatabases(from.file, to.file, limit, { shortcuts: false }));
  return result;
}

/** The points right before and right after script step `tx` of a fresh history, and the diff between them. */
async function across(tx: number, limit?: number) {
  const { at } = await schemaHistory(points);
  const [before, after] = [await at(tx - 1), await at(tx)];
  return { before, after, result: diff(before, after, limit) };
}

describe('diff across schema changes', () => {
  it('a table added counts every row added (removed, the other way), and sqlite_sequence is left out', async () => {
    const { before, after, result } = await across(S.addTable, 5);
    expect(result.schema).toEqual([{ type: 'table', name: 'events', change: 'added' }]);
    expect(result.tables.map((t) => t.name)).toEqual(['events']);
    const events = result.tables[0];
    expect(counts(events)).toEqual(expected(new Map(), rowsOf(after, 'events')));
    expect(events?.added).toBe(37);
    expect(events?.rows).toHaveLength(5);
    expect(events?.rows[0]).toEqual({ key: [1n], change: 'added', before: null, after: { id: 1n, what: 'event 0' } });
    const back = diff(after, before);
    expect(back.tables.map((t) => [t.name, counts(t)])).toEqual([['events', { added: 0, removed: 37, changed: 0 }]]);
  });

  it('a table dropped counts every row it held as removed', async () => {
    const { before, result } = await across(S.dropTable);
    expect(result.schema).toEqual([{ type: 'table', name: 'gone', change: 'removed' }]);
    const gone = result.tables.find((t) => t.name === 'gone');
    expect(counts(gone)).toEqual(expected(rowsOf(before, 'gone'), new Map()));
    expect(gone?.removed).toBe(25);
    expect(gone?.rows[0]).toEqual({ key: [1n], change: 'removed', before: { id: 1n, v: 'gone 1' }, after: null });
  });

  it('a renamed column: rows matched by rowid, values compared in column order, each side its columns', async () => {
    const { before, after, result } = await across(S.renameColumn);
    expect(result.schema).toEqual([{ type: 'table', name: 'items', change: 'changed' }]);
    const items = result.tables.find((t) => t.name === 'items');
    expect(counts(items)).toEqual(expected(rowsOf(before, 'items'), rowsOf(after, 'items')));
    expect(counts(items)).toEqual({ added: 31, removed: 10, changed: 2 });
    expect(items?.notCompared).toBeUndefined();
    expect(items?.rows.filter((r) => r.change === 'changed')).toEqual([
      {
        key: [3n],
        change: 'changed',
        before: { id: 3n, name: 'item 3', note: 'note 3' },
        after: { id: 3n, name: 'item 3', remark: 'rewritten' },
      },
      {
        key: [4n],
        change: 'changed',
        before: { id: 4n, name: 'item 4', note: 'note 4' },
        after: { id: 4n, name: 'item 4', remark: 'rewritten' },
      },
    ]);
  });

  it("an added column: a row changed only where a value differs, the column's default standing before it", async () => {
    const { before, after, result } = await across(S.addColumn);
    const items = result.tables.find((t) => t.name === 'items');
    expect(counts(items)).toEqual(expected(rowsOf(before, 'items', [EXTRA_DEFAULT]), rowsOf(after, 'items')));
    expect(counts(items)).toEqual({ added: 0, removed: 0, changed: 5 });
    expect(items?.rows.map((r) => r.key)).toEqual([[5n], [6n], [7n], [21n], [22n]]);
  });

  it('a key of another kind: the rows are not compared, and the entry says why', async () => {
    const { result } = await across(S.changeKey);
    expect(result.schema).toEqual([{ type: 'table', name: 'keyed', change: 'changed' }]);
    expect(result.tables).toEqual([
      {
        name: 'keyed',
        added: 0,
        removed: 0,
        changed: 0,
        rows: [],
        notCompared: expect.stringMatching(/key changed: a rowid table .* WITHOUT ROWID, keyed on \(id\)/),
      },
    ]);
  });

  it('a WITHOUT ROWID key column renamed: rows still matched, by the renamed key', async () => {
    const { result } = await across(S.renameKey);
    expect(result.tables).toEqual([
      {
        name: 'pairs',
        added: 0,
        removed: 0,
        changed: 1,
        rows: [{ key: ['k2'], change: 'changed', before: { k: 'k2', v: 2n }, after: { name: 'k2', v: 100n } }],
      },
    ]);
  });

  it('across every change at once, each table is answered; the page shortcut agrees for every pair', async () => {
    const { at } = await schemaHistory(points);
    const [first, last] = [await at(S.fill), await at(S.rowsOnly)];
    const result = diff(first, last);
    const byName = new Map(result.tables.map((t) => [t.name, t]));
    expect([...byName.keys()].sort()).toEqual(['events', 'gone', 'items', 'keyed', 'pairs']);
    expect(counts(byName.get('pairs'))).toEqual({ added: 0, removed: 0, changed: 1 });
    expect(counts(byName.get('events'))).toEqual(expected(new Map(), rowsOf(last, 'events')));
    expect(counts(byName.get('gone'))).toEqual(expected(rowsOf(first, 'gone'), new Map()));
    expect(counts(byName.get('items'))).toEqual(
      expected(rowsOf(first, 'items', [EXTRA_DEFAULT]), rowsOf(last, 'items')),
    );
    expect(byName.get('keyed')?.notCompared).toMatch(/key changed/);
    for (let a = S.fill; a <= S.rowsOnly; a++)
      for (let b = S.fill; b <= S.rowsOnly; b++) if (a !== b) diff(await at(a), await at(b), 20);
  });
});
