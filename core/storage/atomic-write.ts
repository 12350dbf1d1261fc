import type { FileHandle } from 'node:fs/promises';
import { link, open, rename, unlink } from '../fs-async.js';
import { basename, dirname, join } from 'node:path';
import { type SegscopeError, errnoCode, fsError } from '../errors.js';

/** Web Crypto's global, loaded on first use: opening a folder to list it never needs it. */
const randomHex = (bytes: number): string =>
  Buffer.from(globalThis.crypto.getRandomValues(new Uint8Array(bytes))).toString('hex');

/**
 * Temporary names start with a dot and end in `.partial`, so they never parse as a segment key
 * and a crash leaves nothing a listing would take for a segment.
 */
export function tempPathBeside(path: string): string {
  return join(dirname(path), `.${basename(path)}.${randomHex(6)}.partial`);
}

export const isTempName = (name: string): boolean => name.startsWith('.') && name.endsWith('.partial');

/** Removes a file that may not be there (a temporary one given up on). */
export async function removeQuietly(path: string): Promise<void> {
  await unlink(path).catch(() => undefined);
}

async function syncDir(dir: string): Promise<void> {
  // Makes the rename itself durable; some filesystems refuse fsync on a directory, which is fine.
  const handle = await open(dir, 'r').catch(() => null);
  if (!handle) return;
  await handle.sync().catch(() => undefined);
  await handle.close();
}

export interface PublishOptions {
  /** Replace a file already at the target; otherwise an existing target is left untouched. */
  replace: boolean;
  /** The error to throw when the target exists and `replace` is false. */
  existsError: () => SegscopeError;
  /** False for scratch files (a point's database kept for queries): no flush to disk. */
  durable?: boolean;
}

/**
 * Moves a finished temporary file to its final name. Without `replace` it uses link+unlink, which
 * fails if the target exists instead of silently overwriting it as rename would.
 */
export async function publish(tempPath: string, target: string, options: PublishOptions): Promise<void> {
  try {
    if (options.replace) {
      await rename(tempPath, target);
    } else {
      try {
        await link(tempPath, target);
      } catch (error) {
        if (errnoCode(error) === 'EEXIST') throw options.existsError();
        throw error;
      }
      await removeQuietly(tempPath);
    }
  } catch (error) {
    await removeQuietly(tempPath);
    throw fsError(error, 'the target file', target);
  }
  if (options.durable !== false) await syncDir(dirname(target));
}

/**
 * Writes a temporary file beside `target` through `fill`, flushes it to disk (unless it is scratch,
 * not `durable`) and returns its path.
 * Any failure removes the temporary file, so nothing half-written is left behind.
 */
export async function writeTemp(
  target: string,
  fill: (handle: FileHandle, tempPath: string) => Promise<void>,
  durable = true,
): Promise<string> {
  const tempPath = tempPathBeside(target);
  let handle: FileHandle;
  try {
    handle = await open(tempPath, 'wx');
  } catch (error) {
    throw fsError(error, 'the directory', dirname(target));
  }
  try {
    await fill(handle, tempPath);
    if (durable) await handle.sync();
  } catch (error) {
    await handle.close().catch(() => undefined);
    await removeQuietly(tempPath);
    // The disk's own failures (a flush refused, a full disk) say so with the file's name.
    throw errnoCode(error) === undefined ? error : fsError(error, 'the file being written', target);
  }
  await handle.close();
  return tempPath;
}
