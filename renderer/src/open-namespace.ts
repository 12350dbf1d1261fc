import type { FirstRows, ListResult, NamespaceInfo, NamespacesResult } from '../../core/model/results.js';
import { DEFAULT_NAMESPACE, namespaceName, splitNamespaceRef } from '../../core/model/namespace-id.js';
import type { PublicSettings } from '../../core/model/settings.js';
import { useStore } from './store.js';

interface Sources {
  settings: PublicSettings | null;
  listing: ListResult | null;
  firstRows: FirstRows | null;
  namespaces: NamespacesResult | null;
}

/**
 * The open namespace as calls and people name it. Its identity is its layout and name (a bucket
 * can hold `default` twice): `id` is what was listed, else what was chosen (an id, or a bare name
 * before the first listing says which); `shown` is the bare name where no other namespace here
 * has it, else the id.
 */
function openNamespace({ settings, listing, firstRows, namespaces }: Sources): { id: string; shown: string } {
  const id = listing?.namespaceId ?? firstRows?.namespaceId ?? settings?.namespace ?? DEFAULT_NAMESPACE;
  const row = namespaces?.namespaces.find((ns) => ns.id === id);
  // Before the namespaces are read nothing says the name is shared: the one listed is meant.
  if (!row) return { id, shown: namespaceName(id) };
  const shared = namespaces?.namespaces.some((ns) => ns !== row && ns.name === row.name) ?? false;
  return { id, shown: shared ? id : row.name };
}

export function useOpenNamespace(): { id: string; shown: string } {
  const id = useStore((s) => openNamespace(s).id);
  const shown = useStore((s) => openNamespace(s).shown);
  return { id, shown };
}

/**
 * Whether a row of Sources is the open namespace: by id; a bare name chosen (before a listing says
 * which) marks its row only where no other row has that name, since the server refuses to guess.
 */
export function isOpen(ns: NamespaceInfo, openId: string, rows: readonly NamespaceInfo[]): boolean {
  if (ns.id === openId) return true;
  if (splitNamespaceRef(openId).source !== null || ns.name !== openId) return false;
  return rows.filter((r) => r.name === openId).length === 1;
}
