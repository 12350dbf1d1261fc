import { open, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FLUSH_EVERY } from '../../../core/backend/background-flush.js';
import { WRITE_BATCH, writeDownload } from '../../../core/backend/download-file.js';
import { SegscopeError } from '../../../core/errors.js';
import { tempDir } from '../../support/segments.js';
import { watched } from '../../support/watched-handle.js';

/** What HTTP hands over: chunks of 64 KiB, each filled with its own number. */
async function* chunks(count: number, failAfter = Number.POSITIVE_INFINITY): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < count; i++) {
    if (i === failAfter) throw new Error('connection reset');
    yield new Uint8Array(64 << 10).fill(i % 251);
  }
}

const cut = (received: bigint, cause: unknown) =>
  new SegscopeError('REMOTE_UNAVAILABLE', `cut after ${received} bytes`, { cause });

describe('writeDownload', () => {
  it('writes a download a batch of chunks at a time and flushes it in the background as it goes', async () => {
    const path = join(await tempDir(), 'segment');
    const file = await open(path, 'w');
    const { handle, seen } = watched(file);
    const count = (2 * FLUSH_EVERY + WRITE_BATCH) / (64 << 10);
    const progress: bigint[] = [];
    const received = await writeDownload(chunks(count), {
      handle,
      what: 'the download',
      path,
      onBatch: (done) => progress.push(done),
      cut,
    });
    await file.close();
    const size = count * (64 << 10);
    expect(received).toBe(BigInt(size));
    // Every chunk is written once, in batches of WRITE_BATCH, never one system call per chunk.
    expect(seen.pieces).toBe(count);
    expect(seen.writes).toBe(size / WRITE_BATCH);
    expect(progress).toEqual(Array.from({ length: size / WRITE_BATCH }, (_, i) => BigInt((i + 1) * WRITE_BATCH)));
    // The disk was asked to write the file back before the download ended, one flush at a time.
    expect(seen.started).toBeGreaterThanOrEqual(1);
    expect(seen.most).toBe(1);
    expect(seen.running).toBe(0);
    const bytes = await readFile(path);
    expect(bytes.length).toBe(size);
    for (let i = 0; i < count; i++) expect(bytes[i * (64 << 10)]).toBe(i % 251);
  });

  it('a download that fails is `cut` with the bytes received, after any flush has ended', async () => {
    const path = join(await tempDir(), 'segment');
    const file = await open(path, 'w');
    const { handle, seen } = watched(file);
    const failAfter = FLUSH_EVERY / (64 << 10) + 3;
    const failed = writeDownload(chunks(failAfter * 2, failAfter), { handle, what: 'the download', path, cut });
    await expect(failed).rejects.toMatchObject({
      code: 'REMOTE_UNAVAILABLE',
      message: `cut after ${failAfter * (64 << 10)} bytes`,
    });
    expect(seen.started).toBe(1);
    expect(seen.running).toBe(0);
    await file.close();
  });

  it("a flush the disk refused is the disk's error naming the file, not a cut download", async () => {
    const path = join(await tempDir(), 'segment');
    const file = await open(path, 'w');
    const { handle } = watched(file, true);
    const failed = writeDownload(chunks(FLUSH_EVERY / (64 << 10)), { handle, what: 'the download', path, cut });
    await expect(failed).rejects.toMatchObject({ code: 'IO_ERROR', message: expect.stringContaining(path) });
    await file.close();
  });
});
