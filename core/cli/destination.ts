import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { SegscopeError, errnoCode, fsError } from '../errors.js';

/**
 * A `--dest` or `--out`: a file, or, ending in `/`, a folder (created if missing) that the command
 * names the file in. A file standing where the folder should be is refused, never written over.
 */
export async function destinationFrom(text: string, flag: string): Promise<{ path: string } | { dir: string }> {
  if (!text.endsWith('/')) return { path: resolve(text) };
  const dir = resolve(text);
  try {
    await mkdir(dir, { recursive: true });
  } catch (error) {
    const code = errnoCode(error);
    if (code === 'EEXIST' || code === 'ENOTDIR') {
      throw new SegscopeError(
        'DESTINATION_EXISTS',
        `--${flag} ${text} names a folder, but ${dir} (or a folder above it) is a file`,
      );
    }
    throw fsError(error, `the --${flag} folder`, dir);
  }
  return { dir };
}
