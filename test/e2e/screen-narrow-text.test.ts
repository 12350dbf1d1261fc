import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rendererDir } from '../../core/server/renderer-dir.js';
import { writeSqldDemo } from '../../core/workload/sqld-demo.js';
import { type OpenScreen, openScreen } from '../support/screen.js';
import { writeSegmentDir } from '../support/segments.js';

/** The browser's DataTransfer: the drop's callback runs in the page, where it exists. */
declare const DataTransfer: new () => { items: { add(file: File): void } };

const SMALLEST = { width: 1024, height: 700 };

/** Two directories on screen at the smallest window: sqld's demo (points to pick) and a seed store (a drop target). */
describe('text in narrow places at 1024x700 keeps its words whole (Chromium)', () => {
  const screens: OpenScreen[] = [];
  let home: string | undefined;
  let demo = '';
  let seed = '';
  beforeAll(async () => {
    if (!existsSync(join(rendererDir(), 'index.html')))
      throw new Error('the renderer is not built: run `npm run build` first (`npm test` does)');
    home = await mkdtemp(join(tmpdir(), 'segscope-narrow-text-'));
    demo = join(home, 'demo.sqld');
    await writeSqldDemo({ root: demo, segments: 20, seed: 5 });
    seed = join(home, 'seed');
    await writeSegmentDir(seed, [{ start: 1n, end: 10n }]);
  });
  afterAll(async () => {
    for (const screen of screens) await screen.close();
    if (home) await rm(home, { recursive: true, force: true });
  });
  const open = async (dir: string): Promise<Page> => {
    const screen = await openScreen(dir, SMALLEST);
    screens.push(screen);
    return screen.page;
  };

  it("the From picker's chosen point, with its time, stays on its field's line and whole", async () => {
    const page = await open(demo);
    await page.getByRole('tab', { name: 'Changes' }).click();
    const from = page.getByRole('region', { name: 'Changes' }).getByRole('group', { name: 'From point' });
    const chosen = from.getByLabel('Chosen point');
    await expect.poll(() => chosen.textContent()).toMatch(/ · .*\(point \d+ of \d+\)$/);
    const field = await from.getByLabel('Frame or time').boundingBox();
    const text = await chosen.boundingBox();
    if (!field || !text) throw new Error('the picker is not drawn');
    // On the field's line: its middle within the field's height, not a line below.
    expect(text.y + text.height / 2).toBeGreaterThan(field.y);
    expect(text.y + text.height / 2).toBeLessThan(field.y + field.height);
    // Whole: nothing cut off by an ellipsis, and its title says the same.
    expect(
      await chosen.evaluate((e: { scrollWidth: number; clientWidth: number }) => e.scrollWidth - e.clientWidth),
    ).toBe(0);
    expect(await chosen.getAttribute('title')).toBe(await chosen.textContent());
  });

  it('a refusal in the store region breaks between words, never inside one', async () => {
    const page = await open(seed);
    const transfer = await page.evaluateHandle(() => {
      const dt = new DataTransfer();
      dt.items.add(new File([new TextEncoder().encode('just some notes, not a segment at all!!!')], 'notes.txt'));
      return dt;
    });
    await page
      .getByRole('region', { name: 'Drop segment files to store' })
      .dispatchEvent('drop', { dataTransfer: transfer });
    const outcome = page.getByRole('list', { name: 'Store outcome' });
    await expect.poll(() => outcome.textContent()).toMatch(/^Refused notes\.txt: NOT_A_SEGMENT /);
    // Each word of the sentence drawn in one piece: a word cut at the pane's edge is two boxes.
    const split = await page.evaluate<string[]>(`(() => {
      const item = document.querySelector('ul.outcomes li.refused');
      const walker = document.createTreeWalker(item, NodeFilter.SHOW_TEXT);
      const cut = [];
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        for (const word of node.textContent.matchAll(/[A-Za-z]{2,}/g)) {
          const range = document.createRange();
          range.setStart(node, word.index);
          range.setEnd(node, word.index + word[0].length);
          if (range.getClientRects().length > 1) cut.push(word[0]);
        }
      }
      return cut;
    })()`);
    expect(split).toEqual([]);
  });
});
