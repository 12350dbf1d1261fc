import type { Command } from '../command.js';
import { withWorkspace, workspaceFrom } from '../backend-options.js';
import { chooseNamespace } from '../namespace-choice.js';

export const command: Command = {
  async run(args, io) {
    const workspace = await workspaceFrom(args.values, io.env, args.location);
    return withWorkspace(workspace, async () => {
      const namespace = await chooseNamespace(workspace, args.values);
      const result = await namespace.workspace.meta(namespace.name);
      return { json: result, text: `${namespace.label}: max frame ${result.maxFrameNo ?? 'none'}`, exitCode: 0 };
    });
  },
};
