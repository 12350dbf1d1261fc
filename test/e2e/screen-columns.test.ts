import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rendererDir } from '../../core/server/renderer-dir.js';
import { screenshot } from '../support/browser.js';
import { type OpenScreen, openScreen } from '../support/screen.js';
import { cutCells } from '../support/screen-checks.js';
import { writeSegmentDir } from '../support/segments.js';

const built = existsSync(join(rendererDir(), 'index.html'));
/** The largest frame number a segment can name: 20 digits. */
const LAST = (1n << 64n) - 1n;

describe(
  'twenty-digit frame numbers, Created and Status all ' + 'whole at 1024x700, with a row selected too (Chromium)',
  () => {
    let screen: OpenScreen | undefined;
    let page: Page;
    let home: string;

    beforeAll(async () => {
      if (!built) throw new Error('the renderer is not built: run `npm run build` first (`npm test` does)');
      home = await mkdtemp(join(tmpdir(), 'segscope-columns-'));
      const specs = Array.from({ length: 12 }, (_, i) => {
        const end = LAST - BigInt(11 - i) * 10n;
        return { start: end - 9n, end };
      });
      await writeSegmentDir(home, specs);
      screen = await openScreen(home, { width: 1024, height: 700 });
      page = screen.page;
    });

    afterAll(async () => {
      await screen?.close();
      if (home) await rm(home, { recursive: true, force: true });
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
          // Sources gives the newest frame whole: its digits never broken across two lines.
          const newest = page.getByRole('navigation', { name: 'Sources' }).locator('.frame-number').first();
          expect(await newest.textContent()).toBe('18,446,744,073,709,551,615');
          // One line of the 12 px text is about 16 px tall; broken in two it would be twice that.
          expect((await newest.boundingBox())?.height ?? 99).toBeLessThan(24);
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
          const rows = await page.getByRole('rowgroup', { name: 'Segment rows' }).boundingBox();
          expect(rows?.height ?? 0).toBeGreaterThanOrEqual(100);
          await screenshot(page, `screen-20-digits-selected-1024x700-${scheme}`);
          // With room for both, Details goes back beside the table, which still fits whole.
          await page.setViewportSize({ width: 1920, height: 1080 });
          await expect.poll(below).toBe(false);
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
