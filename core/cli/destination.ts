import { mkdir, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { SegscopeError, errnoCode, fsError } from '../errors.js';

/**
 * A `--dest` or `--out`: a file, or, ending in `/`, a folder that the command names the file in.
 * One rule for both: the folder that holds the destination must exist. So the folder a trailing
 * `/` names is made if missing, but never the folders above it (`/new1/new2/` is NOT_FOUND, as
 * `/missing/x.db` is), and a file standing where the folder should be is refused, never written over.
 */
export async function destinationFrom(text: string, flag: string): Promise<{ path: string } | { dir: string }> {
  if (!text.endsWith('/')) return { path: resolve(text) };
  const dir = resolve(text);
  try {
    await mkdir(dir);
  } catch (error) {
    const code = errnoCode(error);
    if (code === 'EEXIST' && (await stat(dir)).isDirectory()) return { dir };
    if (code === 'EEXIST' || code === 'ENOTDIR') {
      throw new SegscopeError(
        'DESTINATION_EXISTS',
        `--${flag} ${text} names a folder, but ${dir} (or a folder above it) is a file`,
      );
    }
    if (code === 'ENOENT')
      throw new SegscopeError(
        'NOT_FOUND',
        `--${flag} ${text} names a folder whose parent does not exist: ${dirname(dir)}; ` +
          `Segscope makes the folder named, never the folders above it`,
      );
    throw fsError(error, `the --${flag} folder`, dir);
  }
  return { dir };
}
