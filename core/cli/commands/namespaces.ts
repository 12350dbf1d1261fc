import type { NamespacesResult } from '../../api/types.js';
import type { Command } from '../command.js';
import { withWorkspace, workspaceFrom } from '../backend-options.js';

function render(result: NamespacesResult): string {
  const lines = [`${result.namespaces.length} namespaces (${result.layout} layout)`];
  for (const ns of result.namespaces) lines.push(`${ns.name.padEnd(32)} ${String(ns.segments).padStart(8)} segments  max frame ${ns.maxFrameNo ?? 'none'}  ${ns.location}`);
  for (const u of result.unrecognized) lines.push(`unrecognized: ${u.file}: ${u.message}`);
  return lines.join('\n');
}

export const command: Command = {
  async run({ values, positionals }, io) {
    const workspace = await workspaceFrom(values, io.env, positionals[0]);
    return withWorkspace(workspace, async () => {
      const result = await workspace.namespaces();
      return { json: result, text: render(result), exitCode: 0 };
    });
  },
};
