import type { FileHandle } from 'node:fs/promises';
import { SegscopeError } from '../errors.js';
import { publish, writeTemp } from '../storage/atomic-write.js';
import { quickCheck } from './quick-check.js';
import type { StoppedWords } from './restore-contract.js';

/**
 * A restored database file: built in a temporary file beside `out` by `build` (which names the
 * point it built, as the refusal quotes it), checked with SQLite's quick_check, then renamed into
 * place, never over a file already there. Any failure leaves nothing behind.
 */
export async function writeRestoredFile(
  out: string,
  { durable, words }: { durable: boolean; words: StoppedWords },
  build: (handle: FileHandle, tempPath: string) => Promise<string>,
): Promise<void> {
  const temp = await writeTemp(
    out,
    async (handle, tempPath) =>
      checkWhileFlushing(handle, tempPath, { point: await build(handle, tempPath), durable, words }),
    durable,
  );
  await publish(temp, out, {
    replace: false,
    durable,
    existsError: () =>
      new SegscopeError(
        'DESTINATION_EXISTS',
        `${out} already exists; choose another output file (nothing was written)`,
      ),
  });
}

/**
 * The quick_check of a finished temporary file, run while the disk takes it (the restore's only
 * flush): the check reads from the page cache and the flush writes from it, so one need not wait
 * for the other, and the check takes longer than the disk. The file is published only after both
 * (writeTemp's own fsync then finds nothing left to write).
 */
async function checkWhileFlushing(
  handle: FileHandle,
  tempPath: string,
  { point, durable, words }: { point: string; durable: boolean; words: StoppedWords },
): Promise<void> {
  const flushing = durable ? handle.datasync() : Promise.resolve();
  try {
    quickCheck(tempPath, point, words);
  } catch (error) {
    await flushing.catch(() => undefined);
    throw error;
  }
  await flushing;
}
