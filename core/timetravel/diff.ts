import { SegscopeError } from '../errors.js';
import type { LogMismatch } from '../model/log-mismatch.js';
import { Database } from '../sqlite/driver.js';
import { type PointFile, type SchemaTree, type TableScope, scopeTables } from './changed-trees.js';
import { type TableChanges, compareTable } from './compare-table.js';
import { type SchemaRow, WITHOUT_ROWID, tableVersions } from './table-pairing.js';

export interface SchemaChange {
  type: string;
  name: string;
  change: 'added' | 'removed' | 'changed';
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
  /** Either point is the current state, which disagrees with the log (RestoreResult's logMismatch). */
  fromLogMismatch?: LogMismatch;
  toLogMismatch?: LogMismatch;
  schema: SchemaChange[];
  tables: TableChanges[];
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
 * What changed between two points, computed by SQLite over the two restored copies: the newer
 * opened read-only with the older attached read-only. Tables and indexes added, removed or
 * changed (sqlite_schema); for each table, rows added, removed and changed, matched by rowid (or
 * a WITHOUT ROWID table's declared key), with exact counts and up to `limit` rows each: a table
 * added or removed counts every row, one whose CREATE changed is compared as table-pairing.ts
 * pairs it, or says why its rows could not be. SQLite's own tables (sqlite_sequence, sqlite_stat*)
 * are left out: they hold SQLite's bookkeeping, not rows anyone wrote. Unless told not to, only
 * the tables and rowid ranges whose pages changed are read (changed-trees.ts says how that is
 * decided and when it falls back to reading everything); a table added, removed or re-created is
 * read whole.
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
    const isTable = (row: SchemaRow | undefined) => row?.type === 'table' && visible(row.name);
    const names = [...after.values(), ...[...before.values()].filter((r) => !after.has(r.name))]
      .filter((r) => isTable(r) || isTable(before.get(r.name)))
      .map((r) => r.name);
    // Only a table with the same CREATE statement at both points can be read by its changed pages.
    const same = names.filter(
      (n) => isTable(before.get(n)) && isTable(after.get(n)) && before.get(n)?.sql === after.get(n)?.sql,
    );
    const scopes = options.shortcuts
      ? scopeTables({ point: from, trees: treesOf(before) }, { point: to, trees: treesOf(after) }, same)
      : null;
    const tables: TableChanges[] = [];
    for (const name of names) {
      const scope: TableScope = scopes?.get(name) ?? { kind: 'whole' };
      if (scope.kind === 'unchanged') continue;
      const versions = tableVersions(db, before.get(name), after.get(name));
      const changes = compareTable(db, versions, scope.kind === 'ranges' ? scope.ranges : null, limit);
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
