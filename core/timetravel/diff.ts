import { SegscopeError } from '../errors.js';
import { Database } from '../sqlite/driver.js';
import { type PointFile, type SchemaTree, type TableScope, scopeTables } from './changed-trees.js';
import { type SqlValue, toSqlValue } from './sql.js';

export interface SchemaChange {
  type: string;
  name: string;
  change: 'added' | 'removed' | 'changed';
}

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
}

export interface DiffResult {
  fromFrameNo: bigint;
  toFrameNo: bigint;
  /** Either point is a commit of a default-mode namespace's SQLite WAL file: its frame index. */
  fromWalFrame?: bigint;
  toWalFrame?: bigint;
  /** Bottomless: the generation each point stands in (a frame number alone is ambiguous there). */
  fromGeneration?: string;
  toGeneration?: string;
  /** Pages of either database no checksum covers (RestoreResult's unprovenPages). */
  fromUnprovenPages?: number;
  toUnprovenPages?: number;
  schema: SchemaChange[];
  tables: TableChanges[];
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

interface SchemaRow {
  type: string;
  name: string;
  sql: string | null;
  rootpage: number;
}

const WITHOUT_ROWID = /\bWITHOUT\s+ROWID\b/i;

/** How a table's rows are matched across the two points: rowid, or a WITHOUT ROWID table's key. */
function keyColumns(db: Database, row: SchemaRow): string[] {
  if (!row.sql || !WITHOUT_ROWID.test(row.sql)) return ['rowid'];
  const info = db.prepare(`PRAGMA main.table_info(${quote(row.name)})`).all() as { name: string; pk: number }[];
  return info
    .filter((c) => c.pk > 0)
    .sort((a, b) => a.pk - b.pk)
    .map((c) => c.name);
}

function schemaOf(db: Database, schema: string): Map<string, SchemaRow> {
  const rows = db
    .prepare(`SELECT type, name, sql, rootpage FROM ${schema}.sqlite_schema`)
    .safeIntegers(false)
    .all() as SchemaRow[];
  return new Map(rows.map((r) => [r.name, r]));
}

function treesOf(schema: Map<string, SchemaRow>): SchemaTree[] {
  return [...schema.values()]
    .filter((r) => r.rootpage > 0)
    .map((r) => ({
      name: r.name,
      rootpage: r.rootpage,
      rowid: r.type === 'table' && !(r.sql && WITHOUT_ROWID.test(r.sql)),
    }));
}

/**
 * Rows added, removed and changed in one table present at both points, matched by key: exact
 * counts and up to `limit` rows. With ranges, only rowids inside them are compared (the rest sit
 * in leaves that did not change); they reach SQLite as one JSON parameter, walked as the outer
 * loop (CROSS JOIN keeps that order) so each range is a rowid range lookup.
 */
function compareTable(
  db: Database,
  row: SchemaRow,
  ranges: [bigint, bigint][] | null,
  limit: number,
): TableChanges | null {
  const keys = keyColumns(db, row);
  if (keys.length === 0) return null;
  const name = row.name;
  const columns = (db.prepare(`PRAGMA main.table_info(${quote(name)})`).all() as { name: string }[]).map((c) => c.name);
  const t = quote(name);
  const on = keys.map((k) => `n.${quote(k)} IS o.${quote(k)}`).join(' AND ');
  const differs = columns.map((c) => `n.${quote(c)} IS NOT o.${quote(c)}`).join(' OR ') || '0';
  // `[[lo,hi],…]` with every digit: JSON.stringify cannot take bigints, so it writes them as
  // strings and the quotes go (the text holds nothing else).
  const params = ranges
    ? [JSON.stringify(ranges.map(([lo, hi]) => [lo.toString(), hi.toString()])).replace(/"/g, '')]
    : [];
  const within = (alias: string) => (ranges ? ` AND ${alias}.rowid BETWEEN (r.value ->> 0) AND (r.value ->> 1)` : '');
  const from = (schema: string, alias: string) =>
    ranges ? `json_each(?) AS r CROSS JOIN ${schema}.${t} AS ${alias}` : `${schema}.${t} AS ${alias}`;
  const addedSql = `FROM ${from('main', 'n')} WHERE NOT EXISTS (SELECT 1 FROM old.${t} AS o WHERE ${on})${within('n')}`;
  const removedSql =
    `FROM ${from('old', 'o')} WHERE NOT EXISTS (SELECT 1 FROM main.${t} AS n ` + `WHERE ${on})${within('o')}`;
  const changedSql = `FROM ${from('main', 'n')} JOIN old.${t} AS o ON ${on} WHERE (${differs})${within('n')}`;
  const count = (sql: string) => Number((db.prepare(`SELECT count(*) AS n ${sql}`).get(...params) as { n: bigint }).n);
  const added = count(addedSql);
  const removed = count(removedSql);
  const changed = count(changedSql);
  if (added + removed + changed === 0) return null;
  const record = (r: Record<string, unknown>, prefix: string) =>
    Object.fromEntries(columns.map((c) => [c, toSqlValue(r[`${prefix}${c}`])]));
  const pick = (alias: string, prefix: string) =>
    [...keys.filter((k) => k === 'rowid'), ...columns]
      .map((c) => `${alias}.${quote(c)} AS ${quote(prefix + c)}`)
      .join(', ');
  const rows: RowChange[] = [];
  const take = (sql: string, alias: string, build: (r: Record<string, unknown>) => RowChange) => {
    if (rows.length >= limit) return;
    const order = keys.map((k) => `${alias}.${quote(k)}`).join(', ');
    for (const r of db.prepare(`${sql} ORDER BY ${order} LIMIT ${limit - rows.length}`).all(...params) as Record<
      string,
      unknown
    >[])
      rows.push(build(r));
  };
  const keyOf = (r: Record<string, unknown>, prefix: string) => keys.map((k) => toSqlValue(r[`${prefix}${k}`]));
  take(`SELECT ${pick('n', 'a_')} ${addedSql}`, 'n', (r) => ({
    key: keyOf(r, 'a_'),
    change: 'added',
    before: null,
    after: record(r, 'a_'),
  }));
  take(`SELECT ${pick('o', 'b_')} ${removedSql}`, 'o', (r) => ({
    key: keyOf(r, 'b_'),
    change: 'removed',
    before: record(r, 'b_'),
    after: null,
  }));
  take(`SELECT ${pick('o', 'b_')}, ${pick('n', 'a_')} ${changedSql}`, 'n', (r) => ({
    key: keyOf(r, 'a_'),
    change: 'changed',
    before: record(r, 'b_'),
    after: record(r, 'a_'),
  }));
  return { name, added, removed, changed, rows };
}

/**
 * What changed between two points, computed by SQLite over the two restored copies: the newer
 * opened read-only with the older attached read-only. Tables and indexes added, removed or
 * changed (sqlite_schema); for each table in both, rows added, removed and changed, matched by
 * rowid (or a WITHOUT ROWID table's declared key), with exact counts and up to `limit` rows each.
 * Unless told not to, only the tables and rowid ranges whose pages changed are read
 * (changed-trees.ts says how that is decided and when it falls back to reading everything).
 */
export function diffDatabases(
  from: PointFile,
  to: PointFile,
  limit: number,
  options: { shortcuts: boolean } = { shortcuts: true },
): DiffResult {
  const db = new Database(to.path, { readonly: true, fileMustExist: true });
  try {
    db.defaultSafeIntegers(true);
    // A connection opened read-only attaches read-only too.
    db.prepare('ATTACH DATABASE ? AS old').run(from.path);
    const before = schemaOf(db, 'old');
    const after = schemaOf(db, 'main');
    const visible = (name: string) => !name.startsWith('sqlite_');
    const schema: SchemaChange[] = [];
    for (const [name, row] of after) {
      const was = before.get(name);
      if (!visible(name)) continue;
      if (!was) schema.push({ type: row.type, name, change: 'added' });
      else if (was.sql !== row.sql) schema.push({ type: row.type, name, change: 'changed' });
    }
    for (const [name, row] of before)
      if (visible(name) && !after.has(name)) schema.push({ type: row.type, name, change: 'removed' });
    const compared = [...after.values()].filter(
      (row) =>
        visible(row.name) &&
        row.type === 'table' &&
        before.get(row.name)?.type === 'table' &&
        row.sql === before.get(row.name)?.sql,
    );
    const scopes = options.shortcuts
      ? scopeTables(
          { point: from, trees: treesOf(before) },
          { point: to, trees: treesOf(after) },
          compared.map((r) => r.name),
        )
      : null;
    const tables: TableChanges[] = [];
    for (const row of compared) {
      const scope: TableScope = scopes?.get(row.name) ?? { kind: 'whole' };
      if (scope.kind === 'unchanged') continue;
      const changes = compareTable(db, row, scope.kind === 'ranges' ? scope.ranges : null, limit);
      if (changes) tables.push(changes);
    }
    return { fromFrameNo: from.frameNo, toFrameNo: to.frameNo, schema, tables };
  } catch (error) {
    if (error instanceof SegscopeError) throw error;
    throw new SegscopeError(
      'IO_ERROR',
      `SQLite could not compare the two points: ${error instanceof Error ? error.message : String(error)}`,
    );
  } finally {
    db.close();
  }
}
