import type { Command } from '../command.js';
import { withWorkspace, workspaceFrom } from '../backend-options.js';
import { namespaceOption } from '../remote-options.js';

export const command: Command = {
  async run({ values }, io) {
    const workspace = await workspaceFrom(values, io.env);
    return withWorkspace(workspace, async () => {
      const result = await workspace.meta(workspace.namespace(namespaceOption(values)));
      return { json: result, text: `max frame: ${result.maxFrameNo ?? 'none'}`, exitCode: 0 };
    });
  },
};
