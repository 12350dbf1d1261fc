import { cp } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { seriousAxeFindings } from '../support/axe.js';
import { screenshot } from '../support/browser.js';
import { folderScreen } from '../support/demo-screen.js';
import { cutCells, misfits } from '../support/screen-checks.js';

const SQLD_DEFAULT = join('test', 'vectors', 'sqld-default', 'data.sqld');

/**
 * The rows of one pixel column of the timeline's canvas drawn in the segments' colour, as runs
 * [top, bottom] in CSS px from the canvas's top: one run a lane holding a segment there.
 */
const segmentRuns = (page: Page, x: number) =>
  page.evaluate<[number, number][]>(`(() => {
    const canvas = document.querySelector('canvas[aria-label^="Timeline of frame ranges"]');
    const hex = getComputedStyle(canvas).getPropertyValue('--bar').trim().replace('#', '');
    const bar = [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16));
    const ratio = canvas.width / canvas.clientWidth;
    const data = canvas.getContext('2d').getImageData(Math.round(${x} * ratio), 0, 1, canvas.height).data;
    const runs = [];
    for (let y = 0; y < canvas.height; y++) {
      const at = y * 4;
      const d = Math.abs(data[at] - bar[0]) + Math.abs(data[at + 1] - bar[1]) + Math.abs(data[at + 2] - bar[2]);
      const on = data[at + 3] > 200 && d < 24;
      const last = runs[runs.length - 1];
      if (on && last && last[1] === y - 1) last[1] = y;
      else if (on) runs.push([y, y]);
    }
    return runs.map(([a, b]) => [a / ratio, b / ratio]);
  })()`);

/** WCAG's contrast of a cell's text on what is painted behind it (the first ancestor with a background). */
const contrastOf = (page: Page, selector: string) =>
  page.evaluate<number>(`(() => {
    const cell = document.querySelector('${selector}');
    const rgb = (c) => c.match(/[\\d.]+/g).map(Number);
    let el = cell;
    let bg = null;
    while (el) {
      const c = rgb(getComputedStyle(el).backgroundColor);
      if (c.length < 4 || c[3] > 0) { bg = c; break; }
      el = el.parentElement;
    }
    const linear = (v) => (v / 255 <= 0.03928 ? v / 255 / 12.92 : ((v / 255 + 0.055) / 1.055) ** 2.4);
    const lum = ([r, g, b]) => 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
    const [a, b] = [lum(rgb(getComputedStyle(cell).color)), lum(bg)];
    return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  })()`);

describe("sqld's default mode on screen: the timeline's lanes and legend, warnings in the Status column", () => {
  let page: Page;
  const shown = folderScreen('timeline', async (home) => {
    const root = join(home, 'default-mode.sqld');
    await cp(SQLD_DEFAULT, root, { recursive: true });
    return root;
  });
  beforeAll(() => {
    page = shown().screen.page;
  });

  const table = () => page.getByRole('table', { name: 'Segments' });
  const selectedFile = () => table().locator('[role="row"][aria-selected="true"]').getAttribute('title');

  it('a click and the hover over the overlap name the segment drawn in the lane under the pointer', async () => {
    const canvas = page.getByRole('img', { name: /^Timeline of frame ranges/ });
    /** Page coordinates `along` the canvas's width and the middle of each lane drawn there (Details moves it). */
    const lanesAt = async (along: number) => {
      const box = await canvas.boundingBox();
      if (!box) throw new Error('no timeline on screen');
      const x = Math.round(box.width * along);
      const runs = await segmentRuns(page, x);
      return { x: box.x + x, box, lanes: runs.map(([a, b]) => box.y + 1 + (a + b) / 2) };
    };
    const hoverName = () => page.locator('.hover-name').textContent();
    // A quarter along, frames data-wal (1-132, committed) and the snapshot of 0-277 both hold: two lanes drawn there.
    const quarter = await lanesAt(0.25);
    expect(quarter.lanes).toHaveLength(2);
    const [upper = 0, lower = 0] = quarter.lanes;
    await page.mouse.move(quarter.x, upper);
    await expect.poll(hoverName).toMatch(/-0-277\.snap · frames 0 to 277$/);
    await page.mouse.click(quarter.x, upper);
    await expect.poll(selectedFile).toMatch(/-0-277\.snap$/);
    const again = await lanesAt(0.25);
    expect(again.lanes).toHaveLength(2);
    await page.mouse.move(again.x, again.lanes[1] ?? 0);
    await expect.poll(hoverName).toMatch(/^data-wal · frames 1 to 132 · /);
    await page.mouse.click(again.x, again.lanes[1] ?? 0);
    await expect.poll(selectedFile).toBe('data-wal');
    // Past data-wal's frames its lane is empty: hover and a click there name the lane's nearest, data-wal.
    const late = await lanesAt(0.9);
    expect(late.lanes).toHaveLength(1);
    const lowerNow = lower - quarter.box.y + late.box.y;
    await page.mouse.move(late.x, lowerNow);
    await expect.poll(hoverName).toMatch(/: no segment; nearest data-wal · /);
    await page.mouse.click(late.x, lowerNow);
    await screenshot(page, 'timeline-lanes-data-wal');
    expect(await selectedFile()).toBe('data-wal');
    await page.mouse.move(late.x, late.lanes[0] ?? 0);
    await expect.poll(hoverName).not.toMatch(/data-wal/);
    // From the keyboard: the arrows up and down change the cursor's lane, and Enter picks in it.
    await page.mouse.move(0, 0);
    await canvas.focus();
    // A step left of the middle: frame 150 or so, which both lanes hold.
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowUp');
    await expect.poll(hoverName).toMatch(/-0-277\.snap · frames 0 to 277$/);
    await page.keyboard.press('Enter');
    await expect.poll(selectedFile).toMatch(/-0-277\.snap$/);
    await page.keyboard.press('ArrowDown');
    await expect.poll(hoverName).toMatch(/data-wal · frames 1 to 132 · /);
    await page.keyboard.press('Enter');
    await expect.poll(selectedFile).toBe('data-wal');
    await page.getByRole('button', { name: 'Close details' }).click();
  });

  it('Verify all: the wallog passes with a warning, said as one, in the amber of Details in each state', async () => {
    await page.getByRole('button', { name: 'Verify all' }).click();
    const wallog = table().locator('[role="row"][title="wallog"]');
    const status = wallog.getByRole('cell').last();
    await expect.poll(() => status.textContent(), { timeout: 30_000 }).toBe('verified, warning TRAILING_DATA');
    expect(await status.getAttribute('class')).toMatch(/\bstatus-warning\b/);
    const cell = '[role="row"][title="wallog"] [role="cell"]:last-child';
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      const [own, warning] = await page.evaluate<[string, string]>(`(() => {
        const probe = document.createElement('span');
        probe.style.color = 'var(--warn-text)';
        document.body.append(probe);
        const colour = getComputedStyle(probe).color;
        probe.remove();
        return [getComputedStyle(document.querySelector('${cell}')).color, colour];
      })()`);
      expect(own).toBe(warning);
      await page.mouse.move(0, 0);
      expect(await contrastOf(page, cell)).toBeGreaterThanOrEqual(4.5);
      await status.hover();
      expect(await contrastOf(page, cell)).toBeGreaterThanOrEqual(4.5);
      await status.click();
      await expect.poll(selectedFile).toBe('wallog');
      expect(await contrastOf(page, cell)).toBeGreaterThanOrEqual(4.5);
      // Bold, and Details beside: the column was sized for the words in bold, so none is cut.
      expect(await cutCells(page)).toEqual([]);
      // Details says the same warning in the same colour.
      const item = page.getByRole('list', { name: 'Problems' }).locator('li.warning').first();
      expect(await item.textContent()).toMatch(/^warning TRAILING_DATA /);
      expect(
        await page.evaluate<string>(`getComputedStyle(document.querySelector('ul.problems li.warning')).color`),
      ).toBe(own);
      await screenshot(page, `status-warning-${scheme}`);
      expect(await seriousAxeFindings(page)).toEqual([]);
      await page.getByRole('button', { name: 'Close details' }).click();
    }
    await page.emulateMedia({ colorScheme: 'light' });
  });

  for (const scheme of ['light', 'dark'] as const) {
    it(`at 1024x700 in ${scheme}: a "Legend" button opens the legend from the keyboard; Escape closes it`, async () => {
      await page.setViewportSize({ width: 1024, height: 700 });
      await page.emulateMedia({ colorScheme: scheme });
      const toggle = page.getByRole('button', { name: 'Legend' });
      await expect.poll(() => toggle.isVisible()).toBe(true);
      expect(await page.locator('#timeline-keys').isVisible()).toBe(false);
      // From the timeline, one Tab reaches the bar's buttons (the one focused last), Home the first; Enter opens it.
      await page.getByRole('img', { name: /^Timeline of frame ranges/ }).focus();
      await page.keyboard.press('Tab');
      expect(await page.evaluate('document.activeElement?.closest("[role=toolbar]")?.ariaLabel')).toBe('Timeline view');
      await page.keyboard.press('Home');
      expect(await page.evaluate('document.activeElement?.textContent')).toBe('Legend');
      await page.keyboard.press('Enter');
      const legend = page.getByRole('group', { name: 'Timeline legend' });
      await expect.poll(() => legend.isVisible()).toBe(true);
      expect(await toggle.getAttribute('aria-expanded')).toBe('true');
      const words = (await legend.textContent()) ?? '';
      for (const key of ['segment:', 'problem:', 'remote only:', 'gap (0):', 'overlap (']) expect(words).toContain(key);
      expect(words).toMatch(/data-wal below: its own frame count: ranges that overlap are drawn in 2 lanes/);
      // Within the window and the main area, nothing scrolls sideways, the shell's parts keep apart.
      const [shown, main] = await Promise.all([legend.boundingBox(), page.getByRole('main').boundingBox()]);
      expect(shown && main && shown.x >= main.x && shown.x + shown.width <= main.x + main.width).toBe(true);
      expect(shown && shown.y + shown.height <= 700).toBe(true);
      expect(await misfits(page, 1024, 700, 200)).toEqual([]);
      await screenshot(page, `timeline-legend-1024x700-${scheme}`);
      expect(await seriousAxeFindings(page)).toEqual([]);
      // Escape closes it and gives the focus back to its button.
      await page.keyboard.press('Escape');
      await expect.poll(() => legend.count()).toBe(0);
      expect(await page.evaluate('document.activeElement?.textContent')).toBe('Legend');
      expect(await toggle.getAttribute('aria-expanded')).toBe('false');
      // It and the zoom buttons are one Tab stop, walked with the arrows.
      await page.keyboard.press('ArrowRight');
      expect(await page.evaluate('document.activeElement?.textContent')).toBe('Zoom in');
    });
  }

  it('at 1440x900 the legend is on the bar itself and the button is not offered', async () => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.emulateMedia({ colorScheme: 'light' });
    await expect.poll(() => page.locator('#timeline-keys').isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: 'Legend' }).count()).toBe(0);
    expect(await page.locator('#timeline-keys').textContent()).toMatch(/data-wal below: its own frame count/);
  });
});
