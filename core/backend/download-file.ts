import type { FileHandle } from 'node:fs/promises';
import { SegscopeError, fsError } from '../errors.js';
import { writeFully } from '../storage/write-fully.js';
import { BackgroundFlush, FLUSH_EVERY } from './background-flush.js';

/**
 * A download is written a few of the chunks HTTP hands over (16-64 KiB) at a time: still in the
 * processor's cache when written, and the socket is never left unread for long. Batches of megabytes
 * held the chunks until they had left the cache and paused the reading for each write, which made
 * the download slower and cost more system CPU; single chunks cost a promise and a system call each
 * for no more speed.
 */
export const WRITE_BATCH = 256 << 10;

export interface DownloadFile {
  /** The file being written, open for appending at its end. */
  handle: FileHandle;
  /** For the disk's errors: what is written, and where. */
  what: string;
  path: string;
  /** After each batch written, with every byte received so far. */
  onBatch?: (received: bigint) => void;
  /** Bytes between background flushes (FLUSH_EVERY); 0 for a scratch copy never flushed. */
  flushEvery?: number;
  /** The error for a download that failed (not the disk) after `received` bytes. */
  cut: (received: bigint, cause: unknown) => SegscopeError;
}

/**
 * Writes a download to the file as it arrives while the disk writes the file back in the background
 * (BackgroundFlush), so the caller's final fsync finds little left to do. Returns the bytes received.
 * A write or a flush the disk refused is the disk's error naming the file; any other failure of the
 * chunks is `cut`. Either way no flush is left running.
 */
export async function writeDownload(chunks: AsyncIterable<Uint8Array>, file: DownloadFile): Promise<bigint> {
  const { handle, what, path } = file;
  const flush = new BackgroundFlush(handle, file.flushEvery ?? FLUSH_EVERY);
  let received = 0n;
  try {
    let batch: Uint8Array[] = [];
    let batched = 0;
    for await (const bytes of chunks) {
      batch.push(bytes);
      batched += bytes.length;
      received += BigInt(bytes.length);
      if (batched >= WRITE_BATCH) {
        await writeFully(handle, batch, null, what, path);
        flush.wrote(batched);
        batch = [];
        batched = 0;
        file.onBatch?.(received);
      }
    }
    if (batch.length > 0) await writeFully(handle, batch, null, what, path);
  } catch (error) {
    await flush.stopped();
    if (error instanceof SegscopeError) throw error;
    throw file.cut(received, error);
  }
  // Outside the catch above: a flush the disk refused is the disk's failure, not a cut download.
  await flush.settled().catch((error: unknown) => {
    throw fsError(error, what, path);
  });
  return received;
}
