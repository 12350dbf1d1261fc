import type { PointsResult } from '../../api/types.js';
import type { Command } from '../command.js';
import { withWorkspace, workspaceFrom } from '../backend-options.js';
import { namespaceOption } from '../remote-options.js';

function render(result: PointsResult): string {
  const lines = [`${result.points.length} restore points`];
  for (const p of result.points) lines.push(`${String(p.frameNo).padStart(20)}  ${(p.time ?? '-').padEnd(24)}  ${p.segment}`);
  return lines.join('\n');
}

export const command: Command = {
  async run({ values, positionals }, io) {
    const { listPoints } = await import('../../restore/points.js');
    const workspace = await workspaceFrom(values, io.env, positionals[0]);
    return withWorkspace(workspace, async () => {
      const result = await listPoints(await workspace.restoreSource(workspace.namespace(namespaceOption(values))));
      return { json: result, get text() { return render(result); }, exitCode: 0 as const };
    });
  },
};
