import type { FileHandle } from 'node:fs/promises';
import { SegscopeError, fsError } from '../errors.js';

/**
 * Writes every byte of `chunks` at `position` (null: at the file's current position), or fails
 * with the disk's own error as a SegscopeError naming `what` and `path`.
 *
 * Node's FileHandle.write and writev make one system call and report how much it wrote: when the
 * disk fills up, or a file size limit is reached, the kernel writes what fits and says so, and
 * the rest would be silently missing from the file. Here the rest is written again, so the
 * second call meets the error (ENOSPC, EFBIG) and reports it.
 */
// Positional like fs.write, which it mirrors, and called once per write batch: no options object to allocate.
export async function writeFully(
  handle: FileHandle,
  chunks: readonly Uint8Array[],
  position: number | null,
  what: string,
  path: string,
): Promise<void> {
  let rest = chunks.filter((chunk) => chunk.length > 0);
  let at = position;
  while (rest.length > 0) {
    let written: number;
    try {
      ({ bytesWritten: written } = await handle.writev(rest, at ?? undefined));
    } catch (error) {
      throw fsError(error, what, path);
    }
    if (written === 0)
      throw new SegscopeError('IO_ERROR', `the disk took none of the bytes left to write to ${what}: ${path}`);
    if (at !== null) at += written;
    rest = after(rest, written);
  }
}

/** What is left of `chunks` once their first `count` bytes are written. */
function after(chunks: readonly Uint8Array[], count: number): Uint8Array[] {
  let skip = count;
  const left: Uint8Array[] = [];
  for (const chunk of chunks) {
    if (skip >= chunk.length) {
      skip -= chunk.length;
      continue;
    }
    left.push(skip > 0 ? chunk.subarray(skip) : chunk);
    skip = 0;
  }
  return left;
}
