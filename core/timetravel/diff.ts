import { SegscopeError } from '../errors.js';
import { Database } from '../sqlite/driver.js';
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
  schema: SchemaChange[];
  tables: TableChanges[];
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

interface SchemaRow {
  type: string;
  name: string;
  sql: string | null;
}

/** How a table's rows are matched across the two points: rowid, or a WITHOUT ROWID table's key. */
function keyColumns(db: Database, schema: string, table: string): string[] {
  const info = db.prepare(`PRAGMA ${schema}.table_info(${quote(table)})`).all() as { name: string; pk: number }[];
  const withoutRowid = (db.prepare(`SELECT sql FROM ${schema}.sqlite_schema WHERE type = 'table' AND name = ?`).get(table) as { sql: string | null } | undefined)?.sql?.match(/\bWITHOUT\s+ROWID\b/i);
  if (!withoutRowid) return ['rowid'];
  return info.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.name);
}

/**
 * What changed between two points, computed by SQLite over the two restored copies: the newer
 * opened read-only with the older attached read-only. Tables and indexes added, removed or
 * changed (sqlite_schema); for each table in both, rows added, removed and changed, matched by
 * rowid (or a WITHOUT ROWID table's declared key), with exact counts and up to `limit` rows each.
 */
export function diffDatabases(fromPath: string, fromFrameNo: bigint, toPath: string, toFrameNo: bigint, limit: number): DiffResult {
  const db = new Database(toPath, { readonly: true, fileMustExist: true });
  try {
    db.defaultSafeIntegers(true);
    // A connection opened read-only attaches read-only too.
    db.prepare('ATTACH DATABASE ? AS old').run(fromPath);
    const schemaOf = (schema: string) => new Map((db.prepare(`SELECT type, name, sql FROM ${schema}.sqlite_schema WHERE name NOT LIKE 'sqlite_%'`).all() as SchemaRow[]).map((r) => [r.name, r]));
    const before = schemaOf('old');
    const after = schemaOf('main');
    const schema: SchemaChange[] = [];
    for (const [name, row] of after) {
      const was = before.get(name);
      if (!was) schema.push({ type: row.type, name, change: 'added' });
      else if (was.sql !== row.sql) schema.push({ type: row.type, name, change: 'changed' });
    }
    for (const [name, row] of before) if (!after.has(name)) schema.push({ type: row.type, name, change: 'removed' });
    const tables: TableChanges[] = [];
    for (const [name, row] of after) {
      if (row.type !== 'table' || before.get(name)?.type !== 'table' || row.sql !== before.get(name)?.sql) continue;
      const keys = keyColumns(db, 'main', name);
      if (keys.length === 0) continue;
      const columns = (db.prepare(`PRAGMA main.table_info(${quote(name)})`).all() as { name: string }[]).map((c) => c.name);
      const t = quote(name);
      const on = keys.map((k) => `n.${quote(k)} IS o.${quote(k)}`).join(' AND ');
      const differs = columns.map((c) => `n.${quote(c)} IS NOT o.${quote(c)}`).join(' OR ') || '0';
      const count = (sql: string) => Number((db.prepare(sql).get() as { n: bigint }).n);
      const addedSql = `FROM main.${t} AS n WHERE NOT EXISTS (SELECT 1 FROM old.${t} AS o WHERE ${on})`;
      const removedSql = `FROM old.${t} AS o WHERE NOT EXISTS (SELECT 1 FROM main.${t} AS n WHERE ${on})`;
      const changedSql = `FROM main.${t} AS n JOIN old.${t} AS o ON ${on} WHERE ${differs}`;
      const added = count(`SELECT count(*) AS n ${addedSql}`);
      const removed = count(`SELECT count(*) AS n ${removedSql}`);
      const changed = count(`SELECT count(*) AS n ${changedSql}`);
      if (added + removed + changed === 0) continue;
      const record = (r: Record<string, unknown>, prefix: string) => Object.fromEntries(columns.map((c) => [c, toSqlValue(r[`${prefix}${c}`])]));
      const pick = (alias: string, prefix: string) => [...keys.filter((k) => k === 'rowid'), ...columns].map((c) => `${alias}.${quote(c)} AS ${quote(prefix + c)}`).join(', ');
      const rows: RowChange[] = [];
      const take = (sql: string, alias: string, build: (r: Record<string, unknown>) => RowChange) => {
        if (rows.length >= limit) return;
        const order = keys.map((k) => `${alias}.${quote(k)}`).join(', ');
        for (const r of db.prepare(`${sql} ORDER BY ${order} LIMIT ${limit - rows.length}`).all() as Record<string, unknown>[]) rows.push(build(r));
      };
      const keyOf = (r: Record<string, unknown>, prefix: string) => keys.map((k) => toSqlValue(r[`${prefix}${k}`]));
      take(`SELECT ${pick('n', 'a_')} ${addedSql}`, 'n', (r) => ({ key: keyOf(r, 'a_'), change: 'added', before: null, after: record(r, 'a_') }));
      take(`SELECT ${pick('o', 'b_')} ${removedSql}`, 'o', (r) => ({ key: keyOf(r, 'b_'), change: 'removed', before: record(r, 'b_'), after: null }));
      take(`SELECT ${pick('o', 'b_')}, ${pick('n', 'a_')} ${changedSql}`, 'n', (r) => ({ key: keyOf(r, 'a_'), change: 'changed', before: record(r, 'b_'), after: record(r, 'a_') }));
      tables.push({ name, added, removed, changed, rows });
    }
    return { fromFrameNo, toFrameNo, schema, tables };
  } catch (error) {
    if (error instanceof SegscopeError) throw error;
    throw new SegscopeError('IO_ERROR', `SQLite could not compare the two points: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    db.close();
  }
}
