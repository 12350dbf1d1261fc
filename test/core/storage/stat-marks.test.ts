import { execFile } from 'node:child_process';
import { statSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { GONE, MARK_FIELDS, markUnchanged } from '../../../core/storage/mark-slots.js';
import { statMarks } from '../../../core/storage/stat-marks.js';
import { tempDir } from '../../support/segments.js';

describe('the marks of many files, taken on two threads', () => {
  it('equal each file stat taken one at a time, gone files included, on both sides of the split', async () => {
    const dir = join(await tempDir(), 'many');
    await mkdir(dir);
    // Enough paths for the second thread to take half of them.
    const count = 24_000;
    const paths = Array.from({ length: count }, (_, i) => join(dir, `f${i}`));
    for (let i = 0; i < count; i += 500)
      await Promise.all(paths.slice(i, i + 500).map((p, k) => writeFile(p, 'x'.repeat((i + k) % 97))));
    const gone = [5, count - 3];
    const asked = paths.map((p, i) => (gone.includes(i) ? `${p}.missing` : p));
    const { marks, threads } = await statMarks(asked);
    expect(threads).toBe(2);
    const sizeAt = (i: number) => marks[i * MARK_FIELDS];
    for (const [i, path] of asked.entries()) {
      const info = statSync(path, { throwIfNoEntry: false });
      if (!info) expect(sizeAt(i)).toBe(GONE);
      else
        expect(
          markUnchanged(marks, i, { size: info.size, mtimeMs: info.mtimeMs, ctimeMs: info.ctimeMs, ino: info.ino }),
        ).toBe(true);
    }
    expect([sizeAt(5), sizeAt(count - 3)]).toEqual([GONE, GONE]);
    expect(sizeAt(count - 1)).toBe((count - 1) % 97);
    // A changed file is told apart.
    expect(markUnchanged(marks, 7, { size: 7, mtimeMs: 0, ctimeMs: 0, ino: 0 })).toBe(false);
  });

  it('keeps its second thread for the next call, and a process that used it exits on its own', async () => {
    const dir = join(await tempDir(), 'kept');
    await mkdir(dir);
    const paths = Array.from({ length: 21_000 }, (_, i) => join(dir, `f${i}`));
    for (let i = 0; i < paths.length; i += 500) await Promise.all(paths.slice(i, i + 500).map((p) => writeFile(p, '')));
    expect((await statMarks(paths)).threads).toBe(2);
    await writeFile(paths[20_999] as string, 'grown');
    const again = await statMarks(paths);
    expect(again.threads).toBe(2);
    expect(again.marks[20_999 * MARK_FIELDS]).toBe(5);
    // The compiled module, in a process of its own: the idle thread must not hold it open.
    const url = pathToFileURL(join(process.cwd(), 'dist/core/storage/stat-marks.js')).href;
    const script = `import { statMarks } from ${JSON.stringify(url)};
      const paths = Array.from({ length: ${paths.length} }, (_, i) => ${JSON.stringify(dir)} + '/f' + i);
      console.log((await statMarks(paths)).threads, (await statMarks(paths)).threads);`;
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
      timeout: 20_000,
      maxBuffer: 1 << 20,
    });
    expect(stdout.trim()).toBe('2 2');
  });

  it('a few paths are taken on this thread alone', async () => {
    const dir = await tempDir();
    const { marks, threads } = await statMarks([dir, join(dir, 'nothing')]);
    expect(threads).toBe(1);
    expect(marks[3]).toBe(statSync(dir).ino);
    expect(marks[MARK_FIELDS]).toBe(GONE);
  });
});
