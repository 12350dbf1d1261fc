import { open, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BackgroundFlush } from '../../../core/backend/background-flush.js';
import { tempDir } from '../../support/segments.js';
import { watched } from '../../support/watched-handle.js';

describe('BackgroundFlush', () => {
  it(
    'starts a flush each time `every` bytes have been written ' +
      'since the last began, one at a time, and settles once it ends',
    async () => {
      const path = join(await tempDir(), 'file');
      const file = await open(path, 'w');
      const { handle, seen } = watched(file);
      const flush = new BackgroundFlush(handle, 1000);
      for (let i = 0; i < 10; i++) {
        await handle.write(new Uint8Array(300).fill(i));
        flush.wrote(300);
      }
      await flush.settled();
      // 3,000 bytes in writes of 300: a flush after the 4th write, then after every 4 more once the
      // one before has ended; never two at once.
      expect(seen.started).toBeGreaterThanOrEqual(1);
      expect(seen.started).toBeLessThanOrEqual(2);
      expect(seen.most).toBe(1);
      expect(seen.running).toBe(0);
      await file.close();
      expect((await readFile(path)).length).toBe(3000);
    },
  );

  it('never flushes with `every` 0 (a scratch file)', async () => {
    const file = await open(join(await tempDir(), 'file'), 'w');
    const { handle, seen } = watched(file);
    const flush = new BackgroundFlush(handle, 0);
    flush.wrote(1 << 30);
    await flush.settled();
    expect(seen.started).toBe(0);
    await file.close();
  });

  it('a flush that failed fails settled() even once it has ended, and stopped() waits without throwing', async () => {
    const file = await open(join(await tempDir(), 'file'), 'w');
    const { handle, seen } = watched(file, true);
    const flush = new BackgroundFlush(handle, 10);
    flush.wrote(10);
    await flush.stopped();
    expect(seen.started).toBe(1);
    expect(seen.running).toBe(0);
    await expect(flush.settled()).rejects.toMatchObject({ code: 'EIO' });
    await file.close();
  });
});
