import type { NamespaceInfo, NamespacesResult } from '../../model/results.js';
import type { Command } from '../command.js';
import { withWorkspace, workspaceFrom } from '../backend-options.js';
import { printable, problemText } from '../printable.js';
import { type Column, count, tableLines } from '../table.js';

const COLUMNS: Column<NamespaceInfo>[] = [
  { title: 'namespace', cell: (ns) => printable(ns.name) },
  { title: 'segments', cell: (ns) => (ns.error ? '-' : String(ns.segments)), right: true },
  { title: 'max frame', cell: (ns) => (ns.error ? '-' : String(ns.maxFrameNo ?? 'none')), right: true },
  { title: 'location', cell: (ns) => ns.location },
  { title: 'kind', cell: (ns) => ns.kind ?? '-' },
];

/**
 * A bucket of several layouts: each row says which one its namespace is in, and its id, which
 * `--namespace` takes where two layouts hold one name.
 */
const WITH_LAYOUT: Column<NamespaceInfo>[] = [
  ...COLUMNS,
  { title: 'layout', cell: (ns) => ns.layout ?? '-' },
  { title: 'id', cell: (ns) => printable(ns.id) },
];

function render(result: NamespacesResult): string {
  const lines = [`${count(result.namespaces.length, 'namespace')} (${result.layout} layout)`];
  const columns = result.namespaces.some((ns) => ns.layout !== undefined) ? WITH_LAYOUT : COLUMNS;
  if (result.namespaces.length > 0) lines.push(...tableLines(columns, result.namespaces));
  for (const ns of result.namespaces) {
    const config = Object.entries(ns.config ?? {}).map(([k, v]) => `${k}=${printable(String(v))}`);
    if (config.length > 0) lines.push(`config of ${printable(ns.name)}: ${config.join(', ')}`);
  }
  for (const note of result.notes ?? []) lines.push(`note: ${printable(note)}`);
  for (const ns of result.namespaces)
    if (ns.error) lines.push(`not read: ${printable(ns.name)}: ${problemText(ns.error)}`);
  for (const u of result.unrecognized) lines.push(`unrecognized: ${printable(u.file)}: ${problemText(u)}`);
  return lines.join('\n');
}

export const command: Command = {
  async run(args, io) {
    const workspace = await workspaceFrom(args.values, io.env, args.location);
    return withWorkspace(workspace, async () => {
      const result = await workspace.namespaces();
      // A namespace it could not read is a problem found (exit 1), though the others are listed.
      return { json: result, text: render(result), exitCode: result.namespaces.some((ns) => ns.error) ? 1 : 0 };
    });
  },
};
