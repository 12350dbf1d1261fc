import type { SqlResult, SqlValue } from '../../timetravel/sql.js';
import type { Command } from '../command.js';
import { withWorkspace, workspaceFrom } from '../backend-options.js';
import { atPoint, limitFrom } from '../point-options.js';
import { REMOTE_OPTIONS, REMOTE_USAGE, namespaceOption } from '../remote-options.js';

function text(value: SqlValue): string {
  if (value === null) return 'NULL';
  if (typeof value === 'object') return `x'${value.$hex}'`;
  return String(value);
}

function render(r: SqlResult): string {
  const lines = [`as of frame ${r.atFrameNo}: ${r.rows.length} rows${r.truncated ? ' (cut at the row limit)' : ''}`];
  if (r.columns.length > 0) lines.push(r.columns.join('\t'));
  for (const row of r.rows) lines.push(row.map(text).join('\t'));
  return lines.join('\n');
}

export const sqlCommand: Command = {
  name: 'sql',
  usage: `sql <path> "<query>" [--at-frame N | --at-time ISO] [--limit K] ${REMOTE_USAGE}`,
  summary: 'one read-only query on the database as of a point (writes, ATTACH and second statements are READ_ONLY)',
  options: { 'at-frame': { type: 'string' }, 'at-time': { type: 'string' }, limit: { type: 'string' }, ...REMOTE_OPTIONS },
  positionals: { min: 2, max: 2 },
  async run({ values, positionals }, io) {
    const { PointDatabases } = await import('../../timetravel/point-database.js');
    const { sqlAt } = await import('../../timetravel/time-travel.js');
    const { DEFAULT_ROW_LIMIT } = await import('../../timetravel/sql.js');
    const at = atPoint(values);
    const limit = limitFrom(values, DEFAULT_ROW_LIMIT);
    const workspace = await workspaceFrom(values, io.env, positionals[0]);
    const points = new PointDatabases();
    return withWorkspace(workspace, async () => {
      try {
        const source = await workspace.restoreSource(workspace.namespace(namespaceOption(values)));
        const result = await sqlAt(points, workspace.layout.root, source, at, positionals[1] ?? '', limit);
        return { json: result, text: render(result), exitCode: 0 };
      } finally {
        await points.dispose();
      }
    });
  },
};
