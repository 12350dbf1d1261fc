import { afterAll, describe, expect, it } from 'vitest';
import { PointDatabases } from '../../../core/timetravel/point-database.js';
import { runCli } from '../../support/cli.js';
import { SCHEMA_STEPS as S, schemaHistory } from '../../support/schema-history.js';

const points = new PointDatabases();
afterAll(() => points.dispose());

interface TableEntry {
  name: string;
  added: number;
  removed: number;
  changed: number;
  rows: { key: unknown[]; change: string }[];
  notCompared?: string;
}

describe('diff on the command line across schema changes', () => {
  it('names the rows of tables added, dropped and re-created, and says which were not compared', async () => {
    const { root, at } = await schemaHistory(points);
    const [from, to] = [String((await at(S.fill)).frame), String((await at(S.rowsOnly)).frame)];
    const json = await runCli(['diff', root, '--from', from, '--to', to, '--limit', '2', '--json']);
    expect(json.code, json.err).toBe(0);
    const doc = JSON.parse(json.out) as { schema: { name: string; change: string }[]; tables: TableEntry[] };
    expect(doc.schema.map((s) => [s.name, s.change]).sort()).toEqual([
      ['events', 'added'],
      ['gone', 'removed'],
      ['items', 'changed'],
      ['keyed', 'changed'],
      ['pairs', 'changed'],
    ]);
    const byName = new Map(doc.tables.map((t) => [t.name, t]));
    expect(byName.get('events')).toMatchObject({ added: 38, removed: 0, changed: 0 });
    expect(byName.get('events')?.rows).toHaveLength(2);
    expect(byName.get('gone')).toMatchObject({ added: 0, removed: 25, changed: 0 });
    // items: 31 added, ids 11-20 removed, 3-4 (remark), 5-7 (extra), 21-22 and 30 (name) changed.
    expect(byName.get('items')).toMatchObject({ added: 31, removed: 10, changed: 8 });
    expect(byName.get('items')?.notCompared).toBeUndefined();
    expect(byName.get('keyed')).toEqual({
      name: 'keyed',
      added: 0,
      removed: 0,
      changed: 0,
      rows: [],
      notCompared: expect.stringMatching(/^its key changed: a rowid table .*WITHOUT ROWID, keyed on \(id\)/),
    });
    expect(byName.get('pairs')).toMatchObject({ added: 0, removed: 0, changed: 1 });
    expect(byName.has('sqlite_sequence')).toBe(false);

    const text = await runCli(['diff', root, '--from', from, '--to', to, '--limit', '2']);
    expect(text.code, text.err).toBe(0);
    const lines = text.out.split('\n');
    expect(lines).toContain('table events: 38 added, 0 removed, 0 changed');
    expect(lines).toContain('table gone: 0 added, 25 removed, 0 changed');
    expect(lines).toContain('table items: 31 added, 10 removed, 8 changed');
    expect(lines).toContain(`table keyed: rows not compared: ${byName.get('keyed')?.notCompared}`);
    expect(text.out).not.toContain('sqlite_sequence');
  });
});
