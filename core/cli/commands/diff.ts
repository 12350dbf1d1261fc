import { pointLabel } from '../../model/point-label.js';
import type { RowChange } from '../../timetravel/compare-table.js';
import type { DiffResult } from '../../timetravel/diff.js';
import type { SqlValue } from '../../timetravel/sql.js';
import { PointDatabases } from '../../timetravel/point-database.js';
import { diffPoints } from '../../timetravel/time-travel.js';
import { QueryProcess } from '../../timetravel/query-process.js';
import * as limits from '../../timetravel/query-limits.js';
import { type Command, requiredOption } from '../command.js';
import { withWorkspace, workspaceFrom } from '../backend-options.js';
import { chooseNamespace } from '../namespace-choice.js';
import { limitFrom, pointFrom, timeoutFrom, withGaps } from '../point-options.js';
import { logMismatchNote } from '../../model/log-mismatch.js';
import { unprovenNote } from '../../model/unproven-note.js';
import { printable } from '../printable.js';
import { valueText } from '../sql-text.js';

function cells(row: Record<string, SqlValue> | null): string {
  return Object.entries(row ?? {})
    .map(([column, value]) => `${printable(column)}=${valueText(value)}`)
    .join(', ');
}

function same(a: SqlValue | undefined, b: SqlValue | undefined): boolean {
  if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null) return a.$hex === b.$hex;
  return a === b;
}

const shown = (value: SqlValue | undefined): string => (value === undefined ? '-' : valueText(value));

/** A changed row shows only the cells that changed, before -> after. */
function changedCells(row: RowChange): string {
  const before = row.before ?? {};
  const after = row.after ?? {};
  const columns = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  return columns
    .filter((c) => !same(before[c], after[c]))
    .map((c) => `${printable(c)}: ${shown(before[c])} -> ${shown(after[c])}`)
    .join(', ');
}

function rowLine(row: RowChange): string {
  const key = row.key.map(valueText).join(', ');
  const values = row.change === 'changed' ? changedCells(row) : cells(row.change === 'added' ? row.after : row.before);
  return `  ${row.change.padEnd(8)} key ${key}: ${values}`;
}

function render(r: DiffResult, label: string, limit: number): string {
  const from = pointLabel({ frameNo: r.fromFrameNo, walFrame: r.fromWalFrame, generation: r.fromGeneration });
  const to = pointLabel({ frameNo: r.toFrameNo, walFrame: r.toWalFrame, generation: r.toGeneration });
  const lines = [`${label}: from ${from} to ${to}`];
  for (const s of r.schema) lines.push(`${s.type} ${printable(s.name)}: ${s.change}`);
  for (const t of r.tables) {
    if (t.notCompared !== undefined) {
      lines.push(`table ${printable(t.name)}: rows not compared: ${printable(t.notCompared)}`);
      continue;
    }
    lines.push(`table ${printable(t.name)}: ${t.added} added, ${t.removed} removed, ${t.changed} changed`);
    for (const row of t.rows) lines.push(rowLine(row));
    const all = t.added + t.removed + t.changed;
    if (t.rows.length < all)
      lines.push(`  (${t.rows.length} of ${all} rows shown; --limit ${limit} is the cap, a larger one shows more)`);
  }
  if (r.schema.length === 0 && r.tables.length === 0) lines.push('no changes');
  for (const note of [
    unprovenNote(r.fromUnprovenPages, `the database at ${from}`),
    unprovenNote(r.toUnprovenPages, `the database at ${to}`),
    logMismatchNote(r.fromLogMismatch, `the database at ${from}`),
    logMismatchNote(r.toLogMismatch, `the database at ${to}`),
  ])
    if (note) lines.push(note);
  return lines.join('\n');
}

export const command: Command = {
  async run(args, io) {
    const { values } = args;
    const from = withGaps(pointFrom(requiredOption(values, 'from'), '--from'), values);
    const to = withGaps(pointFrom(requiredOption(values, 'to'), '--to'), values);
    const limit = limitFrom(values, 100);
    const seconds = timeoutFrom(values, limits.DEFAULT_QUERY_TIMEOUT_SECONDS, limits.MAX_QUERY_TIMEOUT_SECONDS);
    const workspace = await workspaceFrom(values, io.env, args.location);
    const points = new PointDatabases();
    // The diff runs in the query process, which its time limit ends (SQLite cannot be interrupted).
    const queries = new QueryProcess();
    return withWorkspace(workspace, async () => {
      try {
        const namespace = await chooseNamespace(workspace, values);
        const source = await namespace.workspace.restoreSource(namespace.name);
        const timeout = { ms: limits.limitsWith(seconds).timeoutMs, flag: '--timeout' };
        const on = { points, sourceId: namespace.workspace.layout.root, source, worker: queries };
        const result = await diffPoints(on, from, to, { limit, timeout });
        return { json: result, text: render(result, namespace.label, limit), exitCode: 0 };
      } finally {
        await queries.close();
        await points.dispose();
      }
    });
  },
};
