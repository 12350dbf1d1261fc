import { open, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PAGE_SIZE } from '../../../core/format/frame.js';
import { PageWriter } from '../../../core/restore/page-writer.js';
import { tempDir } from '../../support/segments.js';
import { watched } from '../../support/watched-handle.js';

const page = (n: number) => new Uint8Array(PAGE_SIZE).fill(n & 0xff);

describe('PageWriter', () => {
  it('writes pages in and out of runs to their offsets, all done when release() returns, never flushing', async () => {
    const path = join(await tempDir(), 'db');
    const file = await open(path, 'w+');
    const { handle, seen } = watched(file);
    const writer = new PageWriter(handle, path);
    // Pages 1..40 ascending (runs), then 45 and 41..44 out of order, some written twice.
    const order = [...Array.from({ length: 40 }, (_, i) => i + 1), 45, 43, 41, 42, 44, 3, 7];
    for (const n of order) {
      writer.write(n, page(n * 3));
      await writer.release();
    }
    // The restore's one flush runs beside its quick_check, not while pages are written.
    expect(seen.started).toBe(0);
    await file.close();
    const bytes = await readFile(path);
    expect(bytes.length).toBe(45 * PAGE_SIZE);
    for (let n = 1; n <= 45; n++) expect(bytes[(n - 1) * PAGE_SIZE + 100]).toBe((n * 3) & 0xff);
  });

  it(
    'writes pages given in descending order, as a snapshot holds them, as ' +
      'one write a run, the last version of a page twice in a batch winning',
    async () => {
      const path = join(await tempDir(), 'db');
      const file = await open(path, 'w+');
      const { handle, seen } = watched(file);
      const writer = new PageWriter(handle, path);
      // 1,500 pages newest first (one batch), page 700 given again later in the same batch.
      for (let n = 1500; n >= 1; n--) writer.write(n, page(n));
      writer.write(700, page(7));
      await writer.release();
      await file.close();
      // One run of 1,500 pages: a write a page would be 1,500 calls.
      expect(seen.writes).toBeLessThanOrEqual(2);
      const bytes = await readFile(path);
      expect(bytes.length).toBe(1500 * PAGE_SIZE);
      for (let n = 1; n <= 1500; n++) expect(bytes[(n - 1) * PAGE_SIZE + 17]).toBe(n === 700 ? 7 : n & 0xff);
    },
  );

  it(
    'writes pages from the buffer they were read into, which the caller refills once release() ' +
      'resolves: one write a chunk of frames whose pages descend, the last pass winning',
    async () => {
      const path = join(await tempDir(), 'db');
      const file = await open(path, 'w+');
      const { handle, seen } = watched(file);
      const writer = new PageWriter(handle, path);
      // Frames as a snapshot holds them: a 24-byte header before each page, pages descending. One
      // buffer is refilled for each chunk, so a page written after its buffer was refilled would show.
      const [header, frames] = [24, 500];
      const buffer = new Uint8Array(frames * (header + PAGE_SIZE));
      for (const pass of [1, 2, 3]) {
        for (let first = 1; first <= 2000; first += frames) {
          for (let k = 0; k < frames; k++) {
            const pageNo = first + frames - 1 - k;
            const at = k * (header + PAGE_SIZE) + header;
            buffer.fill((pageNo + pass * 7) & 0xff, at, at + PAGE_SIZE);
            writer.write(pageNo, buffer.subarray(at, at + PAGE_SIZE));
          }
          await writer.release();
        }
      }
      await writer.release();
      await file.close();
      expect(seen.writes).toBe(3 * 4);
      const bytes = await readFile(path);
      expect(bytes.length).toBe(2000 * PAGE_SIZE);
      for (let n = 1; n <= 2000; n++) {
        expect(bytes[(n - 1) * PAGE_SIZE]).toBe((n + 21) & 0xff);
        expect(bytes[n * PAGE_SIZE - 1]).toBe((n + 21) & 0xff);
      }
    },
  );

  it('writes pages that lie back to back in one buffer as one piece, more than a batch of them', async () => {
    const path = join(await tempDir(), 'db');
    const file = await open(path, 'w+');
    const { handle, seen } = watched(file);
    const writer = new PageWriter(handle, path);
    const pages = 3000;
    const buffer = new Uint8Array(pages * PAGE_SIZE).map((_, i) => (i >> 12) & 0xff);
    for (let n = 1; n <= pages; n++) writer.write(n, buffer.subarray((n - 1) * PAGE_SIZE, n * PAGE_SIZE));
    await writer.release();
    await file.close();
    // The first 2,048 pages are one batch and one run, the rest another.
    expect(seen.writes).toBe(2);
    expect(seen.pieces).toBe(2);
    expect(Buffer.compare(await readFile(path), buffer)).toBe(0);
  });
});
