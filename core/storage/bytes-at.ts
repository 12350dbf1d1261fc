import { closeSync, openSync, readSync } from 'node:fs';
import { fsPath } from '../fs-names.js';

/** `length` bytes at `at` of a file; null where the file is shorter or unreadable. */
export function bytesAt(path: string, at: number, length: number): Uint8Array | null {
  const bytes = new Uint8Array(length);
  let fd: number | null = null;
  try {
    fd = openSync(fsPath(path), 'r');
    return readSync(fd, bytes, 0, length, at) === length ? bytes : null;
  } catch {
    return null;
  } finally {
    if (fd !== null) closeSync(fd);
  }
}
