import { open } from 'node:fs/promises';
import { fsError } from '../errors.js';

/** Large enough that per-call overhead vanishes next to CRC-32 time, small enough to stay in cache. */
const CHUNK = 4 << 20;

/**
 * Streams a file through `onChunk` in order with one reused buffer (so a 1 GiB segment costs
 * 4 MiB of memory); the chunk is only valid during the call, and a returned promise is awaited
 * before the next read (back-pressure for consumers that write). Returns the file's size.
 */
export async function readChunks(path: string, onChunk: (chunk: Uint8Array) => unknown): Promise<bigint> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    throw fsError(error, 'the file', path);
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw fsError(Object.assign(new Error('not a file'), { code: 'EISDIR' }), 'the file', path);
    const buffer = new Uint8Array(Math.min(CHUNK, Math.max(info.size, 1)));
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      await onChunk(buffer.subarray(0, bytesRead));
    }
    return BigInt(info.size);
  } catch (error) {
    throw fsError(error, 'the file', path);
  } finally {
    await handle.close();
  }
}

/** The file's size without reading it, for verifiers that need it before the first chunk. */
export async function fileSize(path: string): Promise<bigint> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    throw fsError(error, 'the file', path);
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw fsError(Object.assign(new Error('not a file'), { code: 'EISDIR' }), 'the file', path);
    return BigInt(info.size);
  } finally {
    await handle.close();
  }
}
