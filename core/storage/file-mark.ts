import { type Stats, statSync } from 'node:fs';
import { fsPath } from '../fs-names.js';

/**
 * What a stat says of a file or folder: equal marks mean nothing was written to it, renamed in it
 * or put in its place since (ctime moves with every such change, mtime with every write).
 */
export interface FileMark {
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
}

export const markOf = (info: Stats): FileMark => ({
  size: info.size,
  mtimeMs: info.mtimeMs,
  ctimeMs: info.ctimeMs,
  ino: info.ino,
});

/** A path's mark (following symbolic links, as reading it does); null when it is gone. */
export function statMark(path: string): FileMark | null {
  const info = statSync(fsPath(path), { throwIfNoEntry: false });
  return info ? markOf(info) : null;
}

export const sameMark = (a: FileMark, b: FileMark): boolean =>
  a.size === b.size && a.mtimeMs === b.mtimeMs && a.ctimeMs === b.ctimeMs && a.ino === b.ino;
