import { SegscopeError } from '../errors.js';

/** The namespace sqld serves when a request names none, and the one name of a single-database folder. */
export const DEFAULT_NAMESPACE = 'default';

/**
 * A namespace name, as a pattern's source and in words: it becomes a folder's name, so it is
 * held to what sqld names (and `.` and `..` are refused beside this).
 */
export const NAMESPACE_NAME_PATTERN = '[A-Za-z0-9_.:-]{1,128}';
export const NAMESPACE_NAME_RULE = '1 to 128 letters, digits, "_", ".", ":" or "-"';

/**
 * A namespace's identity is where it is and its name: a bucket can hold `default` both as
 * libsql-wal segments and as a bottomless database. Its id is the layout that holds it (with the
 * cluster, for a bucket layout beside the one read), a slash, then the name:
 * `sqld/default`, `bottomless/default`, `libsql-wal@cluster-1/default`. A name never holds a slash,
 * so the last one splits an id.
 */
export function namespaceId(source: string, name: string): string {
  return `${source}/${name}`;
}

/** An id's layout part and name, or a bare name (source null). */
export function splitNamespaceRef(ref: string): { source: string | null; name: string } {
  const at = ref.lastIndexOf('/');
  return at < 0 ? { source: null, name: ref } : { source: ref.slice(0, at), name: ref.slice(at + 1) };
}

/** The name an id or a bare name asks for. */
export function namespaceName(ref: string): string {
  return splitNamespaceRef(ref).name;
}

export function ambiguousNamespace(name: string, ids: readonly string[]): SegscopeError {
  return new SegscopeError(
    'AMBIGUOUS_NAMESPACE',
    `namespace "${name}" is in ${ids.length} layouts here (${ids.join(', ')}): name one by its id with --namespace`,
  );
}

export function unknownNamespaceSource(ref: string, sources: readonly string[]): SegscopeError {
  return new SegscopeError(
    'NOT_FOUND',
    `"${ref}" names no layout here: a namespace id starts with ${sources.map((s) => `${s}/`).join(' or ')} ` +
      `(segscope namespaces lists every id), or give the bare name`,
  );
}
