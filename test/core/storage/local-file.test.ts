import { randomBytes } from 'node:crypto';
import { symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import {
  SMALL_FILE,
  openRegularFile,
  readChunks,
  streamChunks,
  useSmallFile,
} from '../../../core/storage/local-file.js';
import { tempDir } from '../../support/segments.js';

/** Every chunk a stream hands over, copied as it comes (a chunk is valid only during its call). */
async function streamed(path: string, onChunk: (chunk: Uint8Array) => unknown = () => undefined): Promise<Buffer> {
  const parts: Buffer[] = [];
  await readChunks(path, async (chunk) => {
    parts.push(Buffer.from(chunk));
    await onChunk(chunk);
  });
  return Buffer.concat(parts);
}

describe('streamChunks', () => {
  it('hands over every byte in order, for files smaller and larger than a chunk and empty ones', async () => {
    const dir = await tempDir();
    for (const size of [0, 1, 4095, (1 << 20) - 1, 1 << 20, (1 << 20) + 1, (2 << 20) + 1, 3 * (1 << 20) + 12_345]) {
      const bytes = randomBytes(size);
      const path = join(dir, `f${size}`);
      await writeFile(path, bytes);
      expect((await streamed(path)).equals(bytes)).toBe(true);
    }
  });

  it(
    'streams running side by side each read their own file ' + 'while the chunk buffers go from one stream to the next',
    async () => {
      const dir = await tempDir();
      const files = await Promise.all(
        Array.from({ length: 6 }, async (_, i) => {
          const bytes = randomBytes(2 * (1 << 20) + i * 777);
          const path = join(dir, `f${i}`);
          await writeFile(path, bytes);
          return { path, bytes };
        }),
      );
      // Three rounds of six streams at once, each pausing between chunks so their reads interleave:
      // a buffer handed to a second stream while the first still read into it would mix their bytes.
      for (let round = 0; round < 3; round++) {
        const read = await Promise.all(files.map(({ path }, i) => streamed(path, () => sleep(i % 3))));
        read.forEach((bytes, i) => expect(bytes.equals(files[i]?.bytes as Buffer)).toBe(true));
      }
    },
  );

  it(
    'a consumer that fails stops the stream with its error, ' +
      'and the streams after it still read exactly their bytes',
    async () => {
      const dir = await tempDir();
      const big = randomBytes(3 * (1 << 20));
      const other = randomBytes(3 * (1 << 20));
      await writeFile(join(dir, 'big'), big);
      await writeFile(join(dir, 'other'), other);
      const { handle, size } = await openRegularFile(join(dir, 'big'));
      try {
        // Fails on the first chunk, while the second chunk's read is already under way.
        await expect(streamChunks(handle, size, () => Promise.reject(new Error('consumer failed')))).rejects.toThrow(
          'consumer failed',
        );
      } finally {
        await handle.close();
      }
      const [a, b] = await Promise.all([streamed(join(dir, 'other')), streamed(join(dir, 'big'))]);
      expect(a.equals(other)).toBe(true);
      expect(b.equals(big)).toBe(true);
    },
  );

  it(
    'with overlap, hands over the next chunk while the last one is still in use, and reads into ' +
      "a chunk's buffer again only once its promise resolves; a promise that fails stops the stream",
    async () => {
      const dir = await tempDir();
      const bytes = randomBytes(9 * (1 << 20) + 4321);
      const path = join(dir, 'f');
      await writeFile(path, bytes);
      const { handle, size } = await openRegularFile(path);
      try {
        // Each chunk is held until the next one has been handed over, then compared with the file
        // where it came from: a buffer read into while held would differ.
        let offset = 0;
        let held: (() => void) | null = null;
        let overlapped = 0;
        await streamChunks(
          handle,
          size,
          (chunk) => {
            if (held) overlapped++;
            held?.();
            const from = offset;
            offset += chunk.length;
            const release = new Promise<void>((resolve, reject) => {
              held = () =>
                setTimeout(() => {
                  if (Buffer.from(chunk).equals(bytes.subarray(from, from + chunk.length))) resolve();
                  else reject(new Error(`the chunk at ${from} changed while it was held`));
                }, 5);
            });
            // No chunk follows the last one to let it go.
            if (offset === bytes.length) held?.();
            return release;
          },
          true,
        );
        expect(offset).toBe(bytes.length);
        expect(overlapped).toBe(4);
        // A promise that fails, while the chunks after it are handed over, fails the stream.
        let calls = 0;
        const failing = streamChunks(
          handle,
          size,
          () => (++calls === 1 ? Promise.reject(new Error('write refused')) : undefined),
          true,
        );
        await expect(failing).rejects.toThrow('write refused');
      } finally {
        await handle.close();
      }
    },
  );
});

describe('useSmallFile', () => {
  it('reads a file up to a chunk whole, empty ones too, and leaves a larger one to be streamed', async () => {
    const dir = await tempDir();
    for (const size of [0, 1, 92, 4095, SMALL_FILE]) {
      const bytes = randomBytes(size);
      const path = join(dir, `s${size}`);
      await writeFile(path, bytes);
      const read = await useSmallFile(path, async (whole) => Buffer.from(whole));
      expect(read?.equals(bytes)).toBe(true);
    }
    const large = join(dir, 'large');
    await writeFile(large, randomBytes(SMALL_FILE + 1));
    let used = false;
    expect(await useSmallFile(large, async () => (used = true))).toBeNull();
    expect(used).toBe(false);
  });

  it('gives the event loop turns during a long run of reads, which wait on nothing', async () => {
    const path = join(await tempDir(), 'small');
    await writeFile(path, randomBytes(8000));
    let running = true;
    let turns = 0;
    const turn = () => {
      turns++;
      if (running) setImmediate(turn);
    };
    setImmediate(turn);
    for (let i = 0; i < 20_000; i++) await useSmallFile(path, async (bytes) => bytes.length);
    running = false;
    const during = turns;
    // Reads taking a microsecond each would still run for 20 ms: at least one turn after the first.
    expect(during).toBeGreaterThan(1);
  });

  it('refuses what is no regular file as opening one does: a folder, a link, a missing name', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'target'), randomBytes(10));
    await symlink(join(dir, 'target'), join(dir, 'link'));
    const read = (name: string) => useSmallFile(join(dir, name), async (whole) => whole.length);
    await expect(read('link')).rejects.toMatchObject({ code: 'SYMBOLIC_LINK' });
    await expect(read('missing')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(read('.')).rejects.toMatchObject({ code: 'IO_ERROR', message: /is a directory/ });
  });
});
