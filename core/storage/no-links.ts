import { lstatSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { UnrecognizedFile } from '../model/results.js';
import { SegscopeError } from '../errors.js';
import { fsPath } from '../fs-names.js';

/**
 * Inside a layout Segscope follows no symbolic link, to a folder or to a file: a link would show
 * another place's files as this namespace's (`data-wal -> /etc`), and a listing, a verify or a
 * restore must stand on what the data directory itself holds. The folder the operator opened may
 * itself be a link; that choice is theirs.
 */
export function linkEntry(file: string): UnrecognizedFile {
  return {
    file,
    code: 'SYMBOLIC_LINK',
    message:
      `"${file}" is a symbolic link; Segscope follows no link inside a data directory (open the folder ` +
      `it points to instead)`,
  };
}

/**
 * The first folder or file on the way from `root` down to `path` (`root` itself not included)
 * that is a symbolic link, named relative to `root` with '/', or null when none is (or the path
 * does not exist).
 */
export function firstLink(root: string, path: string): string | null {
  const parts = relative(root, path)
    .split(sep)
    .filter((p) => p !== '');
  for (let i = 1; i <= parts.length; i++) {
    const way = parts.slice(0, i);
    const info = lstatSync(fsPath(join(root, ...way)), { throwIfNoEntry: false });
    if (!info) return null;
    if (info.isSymbolicLink()) return way.join('/');
  }
  return null;
}

/** Fails with SYMBOLIC_LINK where the way from `root` down to `path` crosses a link (firstLink). */
export function refuseLinks(root: string, path: string): void {
  const link = firstLink(root, path);
  if (link !== null) throw new SegscopeError('SYMBOLIC_LINK', linkEntry(link).message);
}
