import { join } from 'node:path';
import { SegscopeError } from '../errors.js';

export const DEFAULT_NAMESPACE = 'default';
const NAMESPACE = /^[A-Za-z0-9_.:-]{1,128}$/;

/**
 * Namespace names become folder names, so anything that could climb out of the prefix (a
 * separator, `..`) is refused before it is joined into a path.
 */
export function checkNamespace(namespace: string): string {
  if (namespace === '') return namespace;
  if (!NAMESPACE.test(namespace) || namespace === '.' || namespace === '..') {
    throw new SegscopeError(
      'INVALID_ARGUMENT',
      `"${namespace}" is not a usable namespace name: use 1 to 128 letters, digits, "_", ".", ":" or "-"`,
    );
  }
  return namespace;
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
