import type { DiffResult } from '../../timetravel/diff.js';
import type { Command } from '../command.js';
import { requiredOption } from '../command.js';
import { withWorkspace, workspaceFrom } from '../backend-options.js';
import { limitFrom, pointFrom } from '../point-options.js';
import { namespaceOption } from '../remote-options.js';

function render(r: DiffResult): string {
  const lines = [`from frame ${r.fromFrameNo} to frame ${r.toFrameNo}`];
  for (const s of r.schema) lines.push(`${s.type} ${s.name}: ${s.change}`);
  for (const t of r.tables) {
    lines.push(`table ${t.name}: ${t.added} added, ${t.removed} removed, ${t.changed} changed`);
    for (const row of t.rows) lines.push(`  ${row.change} ${row.key.map(String).join(',')}`);
  }
  if (r.schema.length === 0 && r.tables.length === 0) lines.push('no changes');
  return lines.join('\n');
}

export const command: Command = {
  async run({ values, positionals }, io) {
    const { PointDatabases } = await import('../../timetravel/point-database.js');
    const { diffPoints } = await import('../../timetravel/time-travel.js');
    const from = pointFrom(requiredOption(values, 'from'), '--from');
    const to = pointFrom(requiredOption(values, 'to'), '--to');
    const limit = limitFrom(values, 100);
    const workspace = await workspaceFrom(values, io.env, positionals[0]);
    const points = new PointDatabases();
    return withWorkspace(workspace, async () => {
      try {
        const source = await workspace.restoreSource(workspace.namespace(namespaceOption(values)));
        const result = await diffPoints(points, workspace.layout.root, source, from, to, limit);
        return { json: result, text: render(result), exitCode: 0 };
      } finally {
        await points.dispose();
      }
    });
  },
};
