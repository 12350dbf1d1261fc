import { resolve } from 'node:path';
import type { Workspace } from '../api/workspace.js';
import type { LayoutName } from '../model/results.js';
import { type OptionValues, stringOption } from './command.js';
import { remoteSettingsFrom } from './remote-options.js';

/**
 * The workspace a command works on: the location (`<path>` or `--dir`; none with `--remote` alone),
 * the layout, the remote options. Loaded when a command runs, so `segscope --help` and usage errors
 * load none of the layers below.
 */
export async function workspaceFrom(
  values: OptionValues,
  env: NodeJS.ProcessEnv,
  path: string | undefined,
): Promise<Workspace> {
  const layoutText = stringOption(values, 'layout');
  const remote = remoteSettingsFrom(values, env);
  const [{ Workspace: Opened }, { parseLayoutName }] = await Promise.all([
    import('../api/workspace.js'),
    import('../layouts/open-layout.js'),
  ]);
  const layout: LayoutName | undefined = layoutText === undefined ? undefined : parseLayoutName(layoutText);
  return Opened.open(path === undefined ? null : resolve(path), { layout, remote });
}

/** Runs `fn` and closes the workspace's remote connections however it ends. */
export async function withWorkspace<T>(workspace: Workspace, fn: (workspace: Workspace) => Promise<T>): Promise<T> {
  try {
    return await fn(workspace);
  } finally {
    await workspace.close();
  }
}
