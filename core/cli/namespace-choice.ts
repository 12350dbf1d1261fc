import type { Workspace } from '../api/workspace.js';
import type { OptionValues } from './command.js';
import { namespaceOption } from './remote-options.js';
import { printable } from './printable.js';

/** The namespace a command works on, the workspace that reads it, and how text output names it. */
export interface NamespaceChoice {
  /** The workspace opened, or the bucket's other layout that holds the namespace `--namespace` names by its id. */
  workspace: Workspace;
  name: string;
  /** "namespace analytics", saying where it was chosen for the person because several exist. */
  label: string;
}

/**
 * `--namespace` (a name, or an id such as `bottomless/default` where a bucket holds the name in
 * two layouts), else the one Workspace.unnamed settles on; text output says when the default was
 * taken among several, so nobody reads another's segments
 * thinking they are the one they meant.
 */
export async function chooseNamespace(workspace: Workspace, values: OptionValues): Promise<NamespaceChoice> {
  const requested = namespaceOption(values);
  if (requested !== undefined) {
    const target = await workspace.target(requested);
    return { workspace: target.workspace, name: target.name, label: `namespace ${printable(requested)}` };
  }
  const { name, names } = await workspace.unnamed();
  if (names.length <= 1) return { workspace, name, label: `namespace ${printable(name)}` };
  const others = names.filter((n) => n !== name).map(printable);
  const shown = others.length > 4 ? `${others.slice(0, 4).join(', ')}, … (${others.length})` : others.join(', ');
  return {
    workspace,
    name,
    label: `namespace ${printable(name)} (the default of ${names.length} here: ${shown}; --namespace picks another)`,
  };
}
