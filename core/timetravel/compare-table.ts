import type { Database } from '../sqlite/driver.js';
import { type SqlValue, toSqlValue } from './sql.js';
import { type TableSide, type TableVersions, quote } from './table-pairing.js';

export interface RowChange {
  key: SqlValue[];
  change: 'added' | 'removed' | 'changed';
  before: Record<string, SqlValue> | null;
  after: Record<string, SqlValue> | null;
}

export interface TableChanges {
  name: string;
  added: number;
  removed: number;
  changed: number;
  rows: RowChange[];
  /** Why the rows of this table were not compared (its key changed); its counts are then 0. */
  notCompared?: string;
}

/**
 * Rows added, removed and changed in one table, matched by key: exact counts and up to `limit`
 * rows. A table at one point only has every row added (or removed). With ranges, only rowids
 * inside them are compared (the rest sit in leaves that did not change); they reach SQLite as one
 * JSON parameter, walked as the outer loop (CROSS JOIN keeps that order) so each range is a rowid
 * range lookup.
 */
export function compareTable(
  db: Database,
  versions: TableVersions,
  ranges: [bigint, bigint][] | null,
  limit: number,
): TableChanges | null {
  const { name } = versions;
  if ('notCompared' in versions)
    return { name, added: 0, removed: 0, changed: 0, rows: [], notCompared: versions.notCompared };
  const { before, after, pairing } = versions;
  if ((before && before.keys.length === 0) || (after && after.keys.length === 0)) return null;
  const table = (side: TableSide) => `${side.schema}.${quote(side.name)}`;
  const on = pairing?.keys.map(([o, n]) => `n.${quote(n)} IS o.${quote(o)}`).join(' AND ') ?? '';
  const differs = pairing?.values.map(([o, n]) => `${n} IS NOT ${o}`).join(' OR ') || '0';
  // `[[lo,hi],…]` with every digit: JSON.stringify cannot take bigints, so it writes them as
  // strings and the quotes go (the text holds nothing else).
  const params = ranges
    ? [JSON.stringify(ranges.map(([lo, hi]) => [lo.toString(), hi.toString()])).replace(/"/g, '')]
    : [];
  const within = (alias: string) => (ranges ? ` AND ${alias}.rowid BETWEEN (r.value ->> 0) AND (r.value ->> 1)` : '');
  const from = (side: TableSide, alias: string) =>
    ranges ? `json_each(?) AS r CROSS JOIN ${table(side)} AS ${alias}` : `${table(side)} AS ${alias}`;
  // The rows of `side` (under `alias`) without a row of the same key in `other`, where there is one.
  const onlyIn = (side: TableSide, alias: 'n' | 'o', other: TableSide | null) => {
    const missing = other
      ? `NOT EXISTS (SELECT 1 FROM ${table(other)} AS ${alias === 'n' ? 'o' : 'n'} WHERE ${on})`
      : '1';
    return `FROM ${from(side, alias)} WHERE ${missing}${within(alias)}`;
  };
  const addedSql = after && onlyIn(after, 'n', before);
  const removedSql = before && onlyIn(before, 'o', after);
  const changedSql =
    before && after
      ? `FROM ${from(after, 'n')} JOIN ${table(before)} AS o ON ${on} WHERE (${differs})${within('n')}`
      : null;
  const count = (sql: string | null) =>
    sql === null ? 0 : Number((db.prepare(`SELECT count(*) AS n ${sql}`).get(...params) as { n: bigint }).n);
  const added = count(addedSql);
  const removed = count(removedSql);
  const changed = count(changedSql);
  if (added + removed + changed === 0) return null;
  const record = (side: TableSide, r: Record<string, unknown>, prefix: string) =>
    Object.fromEntries(side.columns.map((c) => [c, toSqlValue(r[`${prefix}${c}`])]));
  const pick = (side: TableSide, alias: string, prefix: string) =>
    [...side.keys.filter((k) => k === 'rowid'), ...side.columns]
      .map((c) => `${alias}.${quote(c)} AS ${quote(prefix + c)}`)
      .join(', ');
  const rows: RowChange[] = [];
  const take = (sql: string, side: TableSide, alias: string, build: (r: Record<string, unknown>) => RowChange) => {
    if (rows.length >= limit) return;
    const order = side.keys.map((k) => `${alias}.${quote(k)}`).join(', ');
    for (const r of db.prepare(`${sql} ORDER BY ${order} LIMIT ${limit - rows.length}`).all(...params) as Record<
      string,
      unknown
    >[])
      rows.push(build(r));
  };
  const keyOf = (side: TableSide, r: Record<string, unknown>, prefix: string) =>
    side.keys.map((k) => toSqlValue(r[`${prefix}${k}`]));
  if (after && addedSql && added > 0)
    take(`SELECT ${pick(after, 'n', 'a_')} ${addedSql}`, after, 'n', (r) => ({
      key: keyOf(after, r, 'a_'),
      change: 'added',
      before: null,
      after: record(after, r, 'a_'),
    }));
  if (before && removedSql && removed > 0)
    take(`SELECT ${pick(before, 'o', 'b_')} ${removedSql}`, before, 'o', (r) => ({
      key: keyOf(before, r, 'b_'),
      change: 'removed',
      before: record(before, r, 'b_'),
      after: null,
    }));
  if (before && after && changedSql && changed > 0)
    take(`SELECT ${pick(before, 'o', 'b_')}, ${pick(after, 'n', 'a_')} ${changedSql}`, after, 'n', (r) => ({
      key: keyOf(after, r, 'a_'),
      change: 'changed',
      before: record(before, r, 'b_'),
      after: record(after, r, 'a_'),
    }));
  return { name, added, removed, changed, rows };
}
