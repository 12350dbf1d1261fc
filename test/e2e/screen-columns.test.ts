import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { screenshot } from '../support/browser.js';
import { folderScreen } from '../support/demo-screen.js';
import { cutCells, misfits } from '../support/screen-checks.js';
import { writeSegmentDir } from '../support/segments.js';

/** How many digit groups of Sources' first frame number are drawn over two lines (a text node with two boxes). */
const splitDigitGroups = (page: Page) =>
  page.evaluate<number>(`(() => {
    const number = document.querySelector('nav .frame-number');
    if (!number) return -1;
    let split = 0;
    for (const node of number.childNodes) {
      if (node.nodeType !== 3) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      if (range.getClientRects().length > 1) split++;
    }
    return split;
  })()`);

/** The largest frame number a segment can name: 20 digits. */
const LAST = (1n << 64n) - 1n;

describe(
  'twenty-digit frame numbers, Created and Status all ' + 'whole at 1024x700, with a row selected too (Chromium)',
  () => {
    let page: Page;
    const shown = folderScreen(
      'columns',
      async (home) => {
        const specs = Array.from({ length: 12 }, (_, i) => {
          const end = LAST - BigInt(11 - i) * 10n;
          return { start: end - 9n, end };
        });
        await writeSegmentDir(home, specs);
        return home;
      },
      { width: 1024, height: 700 },
    );
    beforeAll(() => {
      page = shown().screen.page;
    });

    for (const scheme of ['light', 'dark'] as const) {
      it(
        `in ${scheme}: every header and cell whole, no sideways ` + `scroll in the table, before and after Verify all`,
        async () => {
          await page.emulateMedia({ colorScheme: scheme });
          const table = page.getByRole('table', { name: 'Segments' });
          const last = table.locator('[role="row"][aria-rowindex="13"]').getByRole('cell');
          await expect.poll(() => last.nth(2).textContent()).toBe('18,446,744,073,709,551,615');
          expect(await cutCells(page)).toEqual([]);
          // Sources gives the newest frame whole: inside its pane, broken (if at all) between digit groups.
          const sources = page.getByRole('navigation', { name: 'Sources' });
          const newest = sources.locator('.frame-number').first();
          expect(await newest.textContent()).toBe('18,446,744,073,709,551,615');
          const [numberBox, paneBox] = [await newest.boundingBox(), await sources.boundingBox()];
          expect((numberBox?.x ?? 0) + (numberBox?.width ?? 999)).toBeLessThanOrEqual(
            (paneBox?.x ?? 0) + (paneBox?.width ?? 0),
          );
          expect(await splitDigitGroups(page)).toBe(0);
          // The sort mark is its own glyph, not a cut label.
          const heads = await table.getByRole('columnheader').allTextContents();
          expect(heads.map((h) => h.trim())).toEqual([
            'Compare',
            'Start frame ▴',
            'End frame',
            'Created',
            'Format',
            'Size',
            'Location',
            'Status',
          ]);
          await page.getByRole('button', { name: 'Verify all' }).click();
          await expect.poll(() => last.last().textContent(), { timeout: 30_000 }).toBe('verified');
          expect(await cutCells(page)).toEqual([]);
          await screenshot(page, `screen-20-digits-1024x700-${scheme}`);
          // A selected row opens Details: beside the table it would leave less than the columns need,
          // so it opens below, and the table neither cuts a column nor scrolls sideways.
          await last.nth(3).click();
          await expect.poll(() => page.getByRole('table', { name: 'Header' }).count()).toBe(1);
          expect(await cutCells(page)).toEqual([]);
          const details = page.getByRole('complementary', { name: 'Details' });
          const below = async () => {
            const [rows, pane] = [await table.boundingBox(), await details.boundingBox()];
            return rows !== null && pane !== null && rows.y + rows.height <= pane.y + 0.5 && pane.width > rows.width;
          };
          await expect.poll(below).toBe(true);
          // Its values whole at the pane's width: the selected row's end frame on one line.
          const end = page.getByRole('table', { name: 'Header' }).getByRole('row', { name: /^End frame/ });
          expect(await end.textContent()).toBe('End frame18,446,744,073,709,551,615');
          expect((await end.boundingBox())?.height ?? 99).toBeLessThan(30);
          // Below, Details takes only what the rows leave over their 200 px, and scrolls inside itself.
          await expect.poll(() => misfits(page, 1024, 700, 200)).toEqual([]);
          // The row chosen stays in view in the shorter rows area.
          const inView = async () => {
            const area = await page.getByRole('rowgroup', { name: 'Segment rows' }).boundingBox();
            const row = await table.locator('[role="row"][aria-selected="true"]').boundingBox();
            return (
              area !== null && row !== null && row.y >= area.y - 0.5 && row.y + row.height <= area.y + area.height + 0.5
            );
          };
          await expect.poll(inView).toBe(true);
          await screenshot(page, `screen-20-digits-selected-1024x700-${scheme}`);
          await page.setViewportSize({ width: 1440, height: 900 });
          await expect.poll(() => misfits(page, 1440, 900, 360)).toEqual([]);
          expect(await cutCells(page)).toEqual([]);
          await screenshot(page, `screen-20-digits-selected-1440x900-${scheme}`);
          // With room for both, Details goes back beside the table, which still fits whole.
          await page.setViewportSize({ width: 1920, height: 1080 });
          await expect.poll(below).toBe(false);
          expect(await misfits(page, 1920, 1080, 360)).toEqual([]);
          const [rowsWide, pane] = [await table.boundingBox(), await details.boundingBox()];
          expect((rowsWide?.x ?? 0) + (rowsWide?.width ?? 0)).toBeLessThanOrEqual((pane?.x ?? 0) + 0.5);
          expect(await cutCells(page)).toEqual([]);
          await page.setViewportSize({ width: 1024, height: 700 });
          await page.getByRole('button', { name: 'Close details' }).click();
          await expect.poll(() => page.getByRole('table', { name: 'Header' }).count()).toBe(0);
        },
      );
    }
  },
);
