import { lstat, mkdir, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { SegscopeError, errnoCode, fsError } from '../errors.js';

/**
 * A `--dest` or `--out`: a file, or, ending in `/`, a folder that the command names the file in.
 * One rule for both: the folder that holds the destination must exist. So the folder a trailing
 * `/` names is made if missing, but never the folders above it (`/new1/new2/` is NOT_FOUND, as
 * `/missing/x.db` is), and a file standing where the folder should be is refused, never written over.
 * A folder named without the `/` is refused before any work, saying that the `/` writes into it.
 */
export async function destinationFrom(text: string, flag: string): Promise<{ path: string } | { dir: string }> {
  if (!text.endsWith('/')) {
    const path = resolve(text);
    const found = await lstat(path).catch(() => null);
    if (found?.isDirectory())
      throw new SegscopeError(
        'DESTINATION_EXISTS',
        `${path} already exists, a folder; choose another output file, or give --${flag} ${text}/ (with the ` +
          'slash) to write a file into it',
      );
    // Refused before any work: a restore that read a whole namespace would otherwise find it at the end.
    const folder = await stat(dirname(path)).catch(() => null);
    if (!folder?.isDirectory())
      throw new SegscopeError(
        folder ? 'DESTINATION_EXISTS' : 'NOT_FOUND',
        `--${flag} ${text} names a file in ${dirname(path)}, which ${folder ? 'is a file' : 'does not exist'}; ` +
          'Segscope never makes the folders above an output file',
      );
    return { path };
  }
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
