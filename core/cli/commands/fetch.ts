import { resolve } from 'node:path';
import type { Command } from '../command.js';
import { parseU64, requiredOption } from '../command.js';
import { withWorkspace, workspaceFrom } from '../backend-options.js';
import { progressLine } from '../progress-line.js';
import { namespaceOption } from '../remote-options.js';

export const command: Command = {
  async run({ values }, io) {
    const frameNo = parseU64(requiredOption(values, 'frame'), '--frame');
    const dest = resolve(requiredOption(values, 'dest'));
    const workspace = await workspaceFrom(values, io.env);
    return withWorkspace(workspace, async () => {
      const result = await workspace.fetch(workspace.namespace(namespaceOption(values)), frameNo, { path: dest }, { replace: values.replace === true, onProgress: progressLine(io) });
      return { json: result, text: `${result.source}: ${result.key} -> ${result.path}`, exitCode: 0 };
    });
  },
};
