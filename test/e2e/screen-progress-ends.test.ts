import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { screenshot } from '../support/browser.js';
import { demoScreen } from '../support/demo-screen.js';

/** The classic namespace's snapshots of a demo directory, by their first frame. */
async function snapshots(root: string): Promise<{ path: string; start: number; end: number }[]> {
  const dir = join(root, 'dbs', 'classic', 'snapshots');
  const named = (await readdir(dir)).map((name) => {
    const [start, end] = /-(\d+)-(\d+)\.snap$/.exec(name)?.slice(1).map(Number) ?? [NaN, NaN];
    return { path: join(dir, name), start: start ?? NaN, end: end ?? NaN };
  });
  return named.sort((a, b) => a.start - b.start);
}

/** The snapshot header's size_after, little-endian u32. */
const SIZE_AFTER_AT = 40;

describe('a restore refused midway ends its progress bar (Chromium)', () => {
  let past = 0;
  // The fourth snapshot's header claims a database far larger than any page written: nothing but
  // applying the pieces before it shows that (its header has no checksum, and its frames are whole),
  // so its end is still offered as a point, and a restore to it is refused after three pieces.
  const view = demoScreen('progress-ends', { segments: 40, seed: 1 }, async (root) => {
    const fourth = (await snapshots(root))[3];
    if (!fourth) throw new Error('the demo wrote fewer than four snapshots');
    const bytes = await readFile(fourth.path);
    bytes.writeUInt32LE(1_000_000, SIZE_AFTER_AT);
    await writeFile(fourth.path, bytes);
    past = fourth.end;
  });

  it('after the BAD_SIZE refusal, no "Restoring the database" bar is left on screen', async () => {
    const { page } = view().screen;
    await page.setViewportSize({ width: 1024, height: 700 });
    await page
      .getByRole('navigation', { name: 'Sources' })
      .getByRole('button', { name: /^classic/ })
      .click();
    await page.getByRole('tab', { name: 'Query' }).click();
    const query = page.getByRole('region', { name: 'Query' });
    // The points read first: a frame typed before them is replaced by the newest point.
    await expect.poll(() => query.getByLabel('Chosen point').textContent()).toMatch(/point \d+ of \d+/);
    await query.getByLabel('Frame or time').fill(String(past));
    await query.getByLabel('Frame or time').press('Enter');
    await expect.poll(() => query.getByLabel('Chosen point').textContent()).toContain(`frame ${past}`);
    await query.getByLabel('SQL').fill('SELECT count(*) FROM events');
    await query.getByRole('button', { name: 'Run' }).click();
    await expect.poll(() => query.getByText('BAD_SIZE').count()).toBeGreaterThan(0);
    const bars = page.getByRole('progressbar', { name: /Restoring the database/ });
    await expect.poll(() => bars.count()).toBe(0);
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await screenshot(page, `screen-progress-ends-refused-1024x700-${scheme}`);
    }
  });
});
