import type { Workspace } from '../api/workspace.js';
import type { OptionValues } from './command.js';
import { namespaceOption } from './remote-options.js';
import { printable } from './printable.js';

/** The namespace a command works on, and how text output names it. */
export interface NamespaceChoice {
  name: string;
  /** "namespace analytics", saying where it was chosen for the person because several exist. */
  label: string;
}

/**
 * `--namespace`, else the only namespace there is, else the layout's default ("default"); text
 * output says when the default was taken among several, so nobody reads another's segments
 * thinking they are the one they meant.
 */
export async function chooseNamespace(workspace: Workspace, values: OptionValues): Promise<NamespaceChoice> {
  const requested = namespaceOption(values);
  if (requested !== undefined)
    return { name: workspace.namespace(requested), label: `namespace ${printable(requested)}` };
  const { names } = await workspace.layout.namespaceNames();
  const only = names.length === 1 ? names[0] : undefined;
  if (only !== undefined) return { name: only, label: `namespace ${printable(only)}` };
  const name = workspace.namespace();
  if (names.length === 0) return { name, label: `namespace ${printable(name)}` };
  const others = names.filter((n) => n !== name).map(printable);
  const shown = others.length > 4 ? `${others.slice(0, 4).join(', ')}, … (${others.length})` : others.join(', ');
  return {
    name,
    label: `namespace ${printable(name)} (the default of ${names.length} here: ${shown}; --namespace picks another)`,
  };
}
