import { type FileHandle, open } from 'node:fs/promises';
import { fsError } from '../errors.js';

/**
 * Small enough that a chunk is still in the CPU cache when CRC-32 runs over it right after the
 * read. Measured on 1 GiB (npm run bench -- verify): 256 KiB 2.6 GB/s, 1 MiB 2.1, 4 MiB 1.4, 16 MiB 1.0.
 */
const CHUNK = 256 << 10;

/** Opens a regular file for reading; a missing path or a directory gets a typed error naming it. */
async function openRegularFile(path: string): Promise<{ handle: FileHandle; size: number }> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    throw fsError(error, 'the file', path);
  }
  const info = await handle.stat();
  if (!info.isFile()) {
    await handle.close();
    throw fsError(Object.assign(new Error('not a file'), { code: 'EISDIR' }), 'the file', path);
  }
  return { handle, size: info.size };
}

/**
 * Streams a file through `onChunk` in order (so a segment of any size costs 512 KiB of memory). Two
 * buffers alternate: the next read runs on libuv's thread pool while `onChunk` hashes the current
 * one on the main thread, which on two cores hides most of the read time. A chunk is only valid
 * during its call; a returned promise is awaited before that buffer is reused (back-pressure for
 * consumers that write). Returns the file's size.
 */
export async function readChunks(path: string, onChunk: (chunk: Uint8Array) => unknown): Promise<bigint> {
  const { handle, size } = await openRegularFile(path);
  try {
    const length = Math.min(CHUNK, Math.max(size, 1));
    const buffers = [new Uint8Array(length), new Uint8Array(length)] as const;
    const readInto = (i: 0 | 1) => handle.read(buffers[i], 0, length, null).then((r) => r.bytesRead);
    let current: 0 | 1 = 0;
    let pending = readInto(current);
    for (;;) {
      const bytesRead = await pending;
      if (bytesRead === 0) break;
      const next: 0 | 1 = current === 0 ? 1 : 0;
      pending = readInto(next);
      await onChunk(buffers[current].subarray(0, bytesRead));
      current = next;
    }
    return BigInt(size);
  } catch (error) {
    throw fsError(error, 'the file', path);
  } finally {
    await handle.close();
  }
}

/** The file's size without reading it, for verifiers that need it before the first chunk. */
export async function fileSize(path: string): Promise<bigint> {
  const { handle, size } = await openRegularFile(path);
  await handle.close();
  return BigInt(size);
}
