import { join } from 'node:path';
import { SegscopeError } from '../errors.js';
import { hasEscapedBytes } from '../fs-names.js';
import { DEFAULT_NAMESPACE, NAMESPACE_NAME_PATTERN, NAMESPACE_NAME_RULE } from '../model/namespace-id.js';

const NAMESPACE = new RegExp(`^${NAMESPACE_NAME_PATTERN}$`);

/**
 * Namespace names become folder names, so anything that could climb out of the prefix (a
 * separator, `..`) is refused before it is joined into a path.
 */
export function checkNamespace(namespace: string): string {
  if (namespace === '') return namespace;
  if (!isNamespaceName(namespace)) {
    // sqld refuses a name that is not UTF-8 (NamespaceName::from_bytes): such a folder is none it made.
    const why = hasEscapedBytes(namespace)
      ? 'it is not UTF-8, and sqld names every namespace in UTF-8'
      : `use ${NAMESPACE_NAME_RULE}`;
    throw new SegscopeError('INVALID_ARGUMENT', `"${namespace}" is not a usable namespace name: ${why}`);
  }
  return namespace;
}

/** Whether a name found in a listing (a folder, a bucket's prefix) is one a namespace can have. */
export function isNamespaceName(name: string): boolean {
  return NAMESPACE.test(name) && name !== '.' && name !== '..';
}

/**
 * libsql-wal's fs backend ignores the namespace and keeps `<prefix>/segments/`, so `default`
 * and the empty name stay there and directories it wrote open as they are; other namespaces
 * get a folder of their own.
 */
export function segmentsDir(prefix: string, namespace: string): string {
  const ns = checkNamespace(namespace);
  if (ns === '' || ns === DEFAULT_NAMESPACE) return join(prefix, 'segments');
  return join(prefix, 'namespaces', ns, 'segments');
}
