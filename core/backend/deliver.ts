import { copyFile, link, stat } from '../fs-async.js';
import { dirname } from 'node:path';
import { SegscopeError, errnoCode, fsError } from '../errors.js';
import { publish, tempPathBeside } from '../storage/atomic-write.js';
import { fsPath } from '../fs-names.js';

/** The destination's folder must exist; an existing file there is kept unless replacing. */
export async function checkDestination(destPath: string, replace: boolean): Promise<void> {
  const destDir = dirname(destPath);
  const dirInfo = await stat(destDir).catch(() => null);
  if (!dirInfo?.isDirectory()) {
    throw new SegscopeError('NOT_FOUND', `the destination directory does not exist: ${destDir}`);
  }
  const existing = await stat(destPath).catch(() => null);
  if (existing?.isDirectory()) {
    throw new SegscopeError(
      'DESTINATION_EXISTS',
      `the destination is a folder: ${destPath}; end it with / to put the segment in it`,
    );
  }
  if (existing && !replace) {
    throw new SegscopeError(
      'DESTINATION_EXISTS',
      `the destination already exists: ${destPath}; --replace overwrites it`,
    );
  }
}

/**
 * Hard-links the cached segment to the destination through a temporary name, so an existing
 * destination is replaced in one step or not at all. Across filesystems (EXDEV) it copies.
 */
export async function linkOrCopy(cachedPath: string, destPath: string, replace: boolean): Promise<void> {
  const temp = tempPathBeside(destPath);
  try {
    await link(fsPath(cachedPath), temp);
  } catch (error) {
    if (errnoCode(error) !== 'EXDEV') throw fsError(error, 'the destination', destPath);
    await copyToTemp(cachedPath, temp, destPath);
  }
  await publishAt(temp, destPath, replace);
}

/**
 * Copies a file its owner still writes in place (a server's wallog, WAL file or current segment)
 * to the destination, as linkOrCopy delivers: a link would be that file itself, growing or
 * rewritten under the operator, and writing to the fetched file would write into its directory.
 */
export async function copyOut(sourcePath: string, destPath: string, replace: boolean): Promise<void> {
  const temp = tempPathBeside(destPath);
  await copyToTemp(sourcePath, temp, destPath);
  await publishAt(temp, destPath, replace);
}

async function copyToTemp(sourcePath: string, temp: string, destPath: string): Promise<void> {
  await copyFile(fsPath(sourcePath), temp).catch((copyError: unknown) => {
    throw fsError(copyError, 'the destination', destPath);
  });
}

async function publishAt(temp: string, destPath: string, replace: boolean): Promise<void> {
  await publish(temp, destPath, {
    replace,
    existsError: () => new SegscopeError('DESTINATION_EXISTS', `the destination already exists: ${destPath}`),
  });
}
