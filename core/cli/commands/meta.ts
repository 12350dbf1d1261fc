import type { Command } from '../command.js';
import { withWorkspace, workspaceFrom } from '../backend-options.js';
import { REMOTE_OPTIONS, REMOTE_USAGE, namespaceOption } from '../remote-options.js';

export const metaCommand: Command = {
  name: 'meta',
  usage: `meta --dir <path> ${REMOTE_USAGE}`,
  summary: 'the highest frame number known for the namespace, locally or in the remote',
  options: { dir: { type: 'string' }, ...REMOTE_OPTIONS },
  positionals: { min: 0, max: 0 },
  async run({ values }, io) {
    const workspace = await workspaceFrom(values, io.env);
    return withWorkspace(workspace, async () => {
      const result = await workspace.meta(workspace.namespace(namespaceOption(values)));
      return { json: result, text: `max frame: ${result.maxFrameNo ?? 'none'}`, exitCode: 0 };
    });
  },
};
