import { resolve } from 'node:path';
import { Workspace } from '../api/workspace.js';
import { parseLayoutName } from '../layouts/open-layout.js';
import { type OptionValues, stringOption } from './command.js';
import { remoteSettingsFrom } from './remote-options.js';

/**
 * The workspace a command works on: the location (`<path>` or `--dir`; none with `--remote` alone),
 * the layout, the remote options. Only commands import it, and the table loads a command when it
 * runs, so `segscope --help` and usage errors load none of the layers below.
 */
export async function workspaceFrom(
  values: OptionValues,
  env: NodeJS.ProcessEnv,
  path: string | undefined,
): Promise<Workspace> {
  const layoutText = stringOption(values, 'layout');
  const remote = remoteSettingsFrom(values, env);
  const layout = layoutText === undefined ? undefined : parseLayoutName(layoutText);
  return Workspace.open(path === undefined ? null : resolve(path), { layout, remote });
}

/** Runs `fn` and closes the workspace's remote connections however it ends. */
export async function withWorkspace<T>(workspace: Workspace, fn: (workspace: Workspace) => Promise<T>): Promise<T> {
  try {
    return await fn(workspace);
  } finally {
    await workspace.close();
  }
}
