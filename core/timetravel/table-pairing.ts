import type { Database } from '../sqlite/driver.js';

export const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** A table's row in sqlite_schema. */
export interface SchemaRow {
  type: string;
  name: string;
  sql: string | null;
  rootpage: number;
}

export const WITHOUT_ROWID = /\bWITHOUT\s+ROWID\b/i;

/** One point's version of a table: where it is attached, its key and its columns. */
export interface TableSide {
  /** `main` (the newer point) or `old`. */
  schema: 'main' | 'old';
  name: string;
  /** How its rows are named: `rowid`, or a WITHOUT ROWID table's declared key. */
  keys: string[];
  columns: string[];
}

/** How a row of one side is found and compared on the other: both sides' key and value expressions. */
export interface Pairing {
  /** Before's key column and after's, in key order. */
  keys: [string, string][];
  /** SQL over `o` (before) and `n` (after) that must be equal (IS) for a row to be unchanged. */
  values: [string, string][];
}

/** Both points' versions of one table name (either may be absent), paired where they can be. */
export type TableVersions =
  | { name: string; before: TableSide | null; after: TableSide | null; pairing: Pairing | null }
  | { name: string; notCompared: string };

interface ColumnInfo {
  name: string;
  pk: number;
  dflt_value: string | null;
}

function sideOf(db: Database, schema: 'main' | 'old', row: SchemaRow): { side: TableSide; info: ColumnInfo[] } {
  const info = db.prepare(`PRAGMA ${schema}.table_info(${quote(row.name)})`).all() as ColumnInfo[];
  const keys =
    row.sql && WITHOUT_ROWID.test(row.sql)
      ? info
          .filter((c) => c.pk > 0)
          .sort((a, b) => a.pk - b.pk)
          .map((c) => c.name)
      : ['rowid'];
  return { side: { schema, name: row.name, keys, columns: info.map((c) => c.name) }, info };
}

const folded = (name: string) => name.toLowerCase();

/**
 * Each column of a table at the first point and its partner at the second, if any: the column of
 * the same name; else, among the columns left over on both sides, the one in the same place (a
 * renamed column keeps its place, an added one comes last). With the same CREATE statement on
 * both sides, every column is its own partner.
 */
function partners(before: ColumnInfo[], after: ColumnInfo[]): Map<ColumnInfo, ColumnInfo | null> {
  const named = (columns: ColumnInfo[], name: string) => columns.find((c) => folded(c.name) === folded(name));
  const leftAfter = after.filter((c) => !named(before, c.name));
  const leftBefore = before.filter((c) => !named(after, c.name));
  return new Map(before.map((c) => [c, named(after, c.name) ?? leftAfter[leftBefore.indexOf(c)] ?? null] as const));
}

/**
 * How a row's values compare: each column with its partner; a column without one with its own
 * DEFAULT (NULL without one), the value ADD COLUMN gives the rows already there. So a rename or
 * an added column alone changes no row, and a dropped column changes the rows where it held
 * something else than its default.
 */
function pairedValues(paired: Map<ColumnInfo, ColumnInfo | null>, after: ColumnInfo[]): [string, string][] {
  const orDefault = (c: ColumnInfo) => (c.dflt_value === null ? 'NULL' : `(${c.dflt_value})`);
  const taken = new Set(paired.values());
  return [
    ...[...paired].map(([o, n]): [string, string] => [`o.${quote(o.name)}`, n ? `n.${quote(n.name)}` : orDefault(o)]),
    ...after.filter((n) => !taken.has(n)).map((n): [string, string] => [orDefault(n), `n.${quote(n.name)}`]),
  ];
}

const keyText = (side: TableSide) =>
  side.keys[0] === 'rowid' ? 'a rowid table' : `WITHOUT ROWID, keyed on (${side.keys.join(', ')})`;

/**
 * Both versions of a table name that is a table at either point. The same CREATE statement on
 * both sides pairs its columns by name, a changed one as `partners` says; rows
 * of a changed one are matched only where the key is still the same kind: rowid to rowid, or a
 * WITHOUT ROWID key of the same columns. Otherwise the rows cannot be matched, and the answer
 * says why (`notCompared`), never nothing.
 */
export function tableVersions(
  db: Database,
  before: SchemaRow | undefined,
  after: SchemaRow | undefined,
): TableVersions {
  const name = (after ?? before)?.name ?? '';
  const old = before?.type === 'table' ? sideOf(db, 'old', before) : null;
  const now = after?.type === 'table' ? sideOf(db, 'main', after) : null;
  if (!old || !now) return { name, before: old?.side ?? null, after: now?.side ?? null, pairing: null };
  const paired = partners(old.info, now.info);
  // A WITHOUT ROWID key is the same if its columns' partners are the new key, in order.
  const carried = old.side.keys.map((k) => {
    const column = old.info.find((c) => c.name === k);
    return column ? (paired.get(column)?.name ?? '') : k;
  });
  const sameKey =
    carried.length === now.side.keys.length && carried.every((k, i) => folded(k) === folded(now.side.keys[i] ?? ''));
  if (!sameKey)
    return {
      name,
      notCompared:
        `its key changed: ${keyText(old.side)} at the first point, ${keyText(now.side)} at the second, ` +
        'so no row of one can be matched with a row of the other',
    };
  const keys = old.side.keys.map((k, i): [string, string] => [k, now.side.keys[i] ?? k]);
  return { name, before: old.side, after: now.side, pairing: { keys, values: pairedValues(paired, now.info) } };
}
