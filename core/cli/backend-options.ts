import { resolve } from 'node:path';
import { Workspace } from '../api/workspace.js';
import { parseLayoutName } from '../layouts/open-layout.js';
import { type OptionValues, requiredOption, stringOption } from './command.js';
import { remoteSettingsFrom } from './remote-options.js';

/** The workspace a command works on: `<path>` (or `--dir`), the layout, the remote options. */
export async function workspaceFrom(values: OptionValues, env: NodeJS.ProcessEnv, path = requiredOption(values, 'dir')): Promise<Workspace> {
  const layout = stringOption(values, 'layout');
  return Workspace.open(resolve(path), { layout: layout === undefined ? undefined : parseLayoutName(layout), remote: remoteSettingsFrom(values, env) });
}

/** Runs `fn` and closes the workspace's remote connections however it ends. */
export async function withWorkspace<T>(workspace: Workspace, fn: (workspace: Workspace) => Promise<T>): Promise<T> {
  try {
    return await fn(workspace);
  } finally {
    await workspace.close();
  }
}
