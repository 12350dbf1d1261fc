import { open, rm } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { seriousAxeFindings } from '../support/axe.js';
import { screenshot } from '../support/browser.js';
import { demoScreen, sealedSegment } from '../support/demo-screen.js';
import { WINDOWS, axisLabelPixels, cutCells, misfits } from '../support/screen-checks.js';

describe('the screen fits every window and tells only what it checked (Chromium)', () => {
  let damaged = '';
  const demo = demoScreen('screen', { segments: 40, seed: 3 }, async (root) => {
    // Four bytes overwritten in the middle of a sealed segment: its header still reads fine.
    const segment = await sealedSegment(root, 'default', 3);
    damaged = segment.name;
    const file = await open(segment.path, 'r+');
    const { size } = await file.stat();
    await file.write(new Uint8Array([0xde, 0xad, 0xbe, 0xef]), 0, 4, Math.floor(size / 2));
    await file.close();
    // A sealed segment gone from the other namespace: a gap.
    await rm((await sealedSegment(root, 'analytics', 5)).path);
  });
  let page: Page;
  beforeAll(() => {
    page = demo().screen.page;
  });

  for (const [width, height, least] of WINDOWS) {
    for (const scheme of ['light', 'dark'] as const) {
      const title = `at ${width}x${height} in ${scheme}: nothing overlaps or scrolls sideways, table >= ${least} px`;
      it(`${title}, axe finds nothing serious`, async () => {
        await page.setViewportSize({ width, height });
        await page.emulateMedia({ colorScheme: scheme });
        await page.getByRole('tab', { name: 'Segments' }).click();
        expect(await misfits(page, width, height, least)).toEqual([]);
        // Every header, frame number, time and status whole, and the axis labelled in this scheme's colour.
        expect(await cutCells(page)).toEqual([]);
        await expect.poll(() => axisLabelPixels(page)).toBeGreaterThan(40);
        await screenshot(page, `screen-${width}x${height}-${scheme}`);
        expect(await seriousAxeFindings(page)).toEqual([]);
        // A row selected opens Details, beside or below: the rows keep their room all the same.
        const table = page.getByRole('table', { name: 'Segments' });
        await table.locator('[role="row"][aria-rowindex="4"]').getByRole('cell').nth(3).click();
        await expect.poll(() => page.getByRole('table', { name: 'Header' }).count()).toBe(1);
        await expect.poll(() => misfits(page, width, height, least)).toEqual([]);
        expect(await cutCells(page)).toEqual([]);
        await screenshot(page, `screen-${width}x${height}-${scheme}-selected`);
        expect(await seriousAxeFindings(page)).toEqual([]);
        await page.getByRole('button', { name: 'Close details' }).click();
      });
    }
  }

  it('says "header ok" until Verify all reads the checksums, then "verified" or the first problem code', async () => {
    await page.setViewportSize({ width: 1440, height: 900 });
    const table = page.getByRole('table', { name: 'Segments' });
    const statusOf = (file: string) =>
      table.locator(`[role="row"][title="${file}"]`).getByRole('cell').last().textContent();
    await expect.poll(() => statusOf(damaged)).toBe('header ok');
    await page.getByRole('button', { name: 'Verify all' }).click();
    await expect.poll(() => statusOf(damaged), { timeout: 30_000 }).toMatch(/^[A-Z][A-Z_]+$/);
    const statuses = await table.locator('[role="row"][title] [role="cell"]:last-child').allTextContents();
    expect(statuses.filter((t) => t === 'verified').length).toBeGreaterThan(10);
    expect(statuses.filter((t) => t === 'header ok')).toEqual([]);
    await screenshot(page, 'screen-verified');
    // Sorting by Status ranks verify's outcomes: the failed segment first, then the rest.
    const first = table.locator('[role="row"][aria-rowindex="2"]');
    await table.getByRole('button', { name: 'Status' }).click();
    await expect.poll(() => first.getAttribute('title')).toBe(damaged);
    await table.getByRole('button', { name: 'Status' }).click();
    await expect.poll(() => first.getByRole('cell').last().textContent()).toMatch(/verified$/);
    await table.getByRole('button', { name: 'Start frame' }).click();
    // The namespace is marked in Sources.
    await expect
      .poll(() =>
        page
          .getByRole('navigation', { name: 'Sources' })
          .getByRole('img', { name: /^problem: .*1 failed verify/ })
          .count(),
      )
      .toBe(1);
  });

  it('moves the selection with the keyboard from one Tab stop, and Space ticks a row for comparison', async () => {
    const body = page.getByRole('rowgroup', { name: 'Segment rows' });
    await body.focus();
    await page.keyboard.press('End');
    const rows = page.getByRole('table', { name: 'Segments' }).locator('[role="row"][aria-selected="true"]');
    await expect.poll(() => rows.getAttribute('aria-rowindex')).toBe('32');
    await page.keyboard.press('Home');
    await expect.poll(() => rows.getAttribute('aria-rowindex')).toBe('2');
    await page.keyboard.press('PageDown');
    await expect.poll(async () => Number(await rows.getAttribute('aria-rowindex'))).toBeGreaterThan(5);
    await page.keyboard.press('Space');
    await expect.poll(() => rows.getByRole('checkbox').isChecked()).toBe(true);
    await page.keyboard.press('Space');
    await expect.poll(() => rows.getByRole('checkbox').isChecked()).toBe(false);
    // The next Tab leaves the table: no stop on each row's checkbox.
    await page.keyboard.press('Tab');
    expect(
      await page.evaluate('document.activeElement?.getAttribute("aria-label") ?? document.activeElement?.tagName'),
    ).not.toBe('Select for comparison');
    expect(
      await page.evaluate('document.activeElement?.closest("[role=table]")?.getAttribute("aria-label") ?? null'),
    ).toBeNull();
  });

  it('keeps focus inside a dialog until it closes, and words a too-large frame for a person', async () => {
    await page.getByRole('button', { name: 'Fetch by frame' }).click();
    const form = page.getByRole('form', { name: 'Fetch by frame' });
    await expect.poll(() => page.evaluate('document.activeElement?.closest("[role=dialog]") !== null')).toBe(true);
    for (let i = 0; i < 12; i++) {
      await page.keyboard.press(i % 3 === 2 ? 'Shift+Tab' : 'Tab');
      expect(await page.evaluate('document.activeElement?.closest("[role=dialog]") !== null')).toBe(true);
    }
    await expect.poll(() => form.getByLabel('Namespace').inputValue()).toBe('default');
    await form.getByLabel('Frame number').fill('99999999999999999999999');
    await form.getByLabel('Destination directory').fill('/tmp/nowhere');
    await form.getByRole('button', { name: 'Fetch' }).click();
    await expect
      .poll(() => form.getByRole('status').textContent())
      .toBe('INVALID_ARGUMENT: frame numbers go up to 18,446,744,073,709,551,615; 99999999999999999999999 is larger');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
  });

  it('timeline: hover names a segment, a drag brushes the table, a click scrolls the table to its row', async () => {
    const canvas = page.getByRole('img', { name: /Timeline of frame ranges/ });
    const box = await canvas.boundingBox();
    if (!box) throw new Error('no timeline on screen');
    const y = box.y + 30;
    await page.mouse.move(box.x + box.width * 0.6, y);
    await expect
      .poll(() => page.locator('.hover-name').textContent())
      .toMatch(/\.seg · frames [\d,]+ to [\d,]+ · \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.7, y, { steps: 4 });
    await page.mouse.up();
    await expect.poll(() => page.getByText(/^\d+ of 31 segments/).textContent()).not.toMatch(/^31 of/);
    await page.getByRole('button', { name: "Clear the timeline's brush" }).click();
    await expect.poll(() => page.getByText(/^\d+ of 31 segments/).textContent()).toMatch(/^31 of/);
    await page.mouse.click(box.x + box.width - 3, y);
    const selected = page.getByRole('table', { name: 'Segments' }).locator('[role="row"][aria-selected="true"]');
    await expect.poll(() => selected.getAttribute('aria-rowindex')).toBe('32');
    expect(await selected.isVisible()).toBe(true);
    // From the keyboard: focus, zoom in, and Enter picks the segment under the cursor.
    await canvas.focus();
    await page.keyboard.press('+');
    await expect.poll(() => page.getByRole('button', { name: 'Whole range' }).isEnabled()).toBe(true);
    await page.keyboard.press('0');
    await expect.poll(() => page.getByRole('button', { name: 'Whole range' }).isEnabled()).toBe(false);
  });

  it('names every gap, and Query offers no point past the first, naming it beside the pickers', async () => {
    await page
      .getByRole('navigation', { name: 'Sources' })
      .getByRole('button', { name: /^analytics/ })
      .click();
    await page.getByText('1 gap: frames no segment holds').click();
    const gap = page.getByRole('list', { name: 'Gaps' }).getByRole('listitem');
    await expect.poll(() => gap.textContent()).toMatch(/^frames [\d,]+ to [\d,]+ missing \([\d,]+ frames\)/);
    const [, from = ''] = /^frames ([\d,]+) to/.exec((await gap.textContent()) ?? '') ?? [];
    await page.getByRole('tab', { name: 'Query' }).click();
    const query = page.getByRole('region', { name: 'Query' });
    const leftOut = query.getByRole('status', { name: 'Points left out' });
    await expect.poll(() => leftOut.textContent()).toMatch(new RegExp(`^CHAIN_GAP Frames ${from}\\.\\.`));
    // The newest point offered is before the gap, and a query there answers with nothing to allow.
    const chosen = (await query.getByLabel('Chosen point').textContent()) ?? '';
    const [, at = ''] = /^frame ([\d,]+) /.exec(chosen) ?? [];
    expect(Number(at.replaceAll(',', ''))).toBeLessThan(Number(from.replaceAll(',', '')));
    await query.getByLabel('SQL').fill('SELECT count(*) AS tables FROM sqlite_schema');
    await query.getByLabel('SQL').press('Control+Enter');
    await expect
      .poll(() => query.getByRole('table', { name: 'Results' }).getByRole('row').nth(1).textContent())
      .toMatch(/^\d+$/);
    expect(await query.getByRole('alert').count()).toBe(0);
    expect(await query.getByLabel(/^Allow gaps/).count()).toBe(0);
    await screenshot(page, 'screen-query-before-gap');
    // The statement is in this namespace's history.
    expect(await query.getByLabel('History').locator('option').allTextContents()).toContain(
      'SELECT count(*) AS tables FROM sqlite_schema',
    );
  });

  it('keeps the Segments rows their room after a Compare and a 475-row query, every size, both schemes', async () => {
    const table = page.getByRole('table', { name: 'Segments' });
    const tick = (row: number) =>
      table.locator(`[role="row"][aria-rowindex="${row}"]`).getByRole('checkbox', { name: 'Select for comparison' });
    await page.setViewportSize({ width: 1024, height: 700 });
    await page.getByRole('tab', { name: 'Segments' }).click();
    await tick(3).check();
    await tick(6).check();
    await page.getByRole('button', { name: 'Compare' }).click();
    await expect.poll(() => page.getByRole('region', { name: 'Comparison' }).count()).toBe(1);
    // The namespace with a gap, at the newest point before it.
    await page.getByRole('tab', { name: 'Query' }).click();
    const query = page.getByRole('region', { name: 'Query' });
    await query
      .getByLabel('SQL')
      .fill('WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 475) SELECT x FROM n');
    await query.getByLabel('SQL').press('Control+Enter');
    await expect.poll(() => query.textContent()).toMatch(/475 rows as of/);
    await page.getByRole('tab', { name: 'Segments' }).click();
    for (const [width, height, least] of WINDOWS) {
      for (const scheme of ['light', 'dark'] as const) {
        await page.setViewportSize({ width, height });
        await page.emulateMedia({ colorScheme: scheme });
        await expect.poll(() => misfits(page, width, height, least)).toEqual([]);
        expect(await page.getByRole('region', { name: 'Comparison' }).isVisible()).toBe(true);
      }
      await screenshot(page, `screen-compare-${width}x${height}-dark`);
    }
    await page.getByRole('button', { name: 'Close comparison' }).click();
    await tick(3).uncheck();
    await tick(6).uncheck();
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it(
    "labels every namespace's kind in Sources, opened or " + "not: the demo's classic one is sqld's default mode",
    async () => {
      const sources = page.getByRole('navigation', { name: 'Sources' });
      const button = (name: string) => sources.getByRole('button', { name: new RegExp(`^${name}`) });
      // classic has not been opened: its kind comes with the namespaces, not from its listing.
      expect(await button('classic').getAttribute('aria-current')).toBeNull();
      await expect.poll(() => button('classic').textContent()).toMatch(/default mode \(replication log\)$/);
      expect(await button('analytics').textContent()).toMatch(/libsql-wal segments$/);
      expect(await button('default').textContent()).toMatch(/libsql-wal segments$/);
      await button('classic').click();
      await expect.poll(() => button('classic').getAttribute('aria-current')).toBe('true');
      expect(await button('classic').textContent()).toMatch(/default mode \(replication log\)$/);
      expect(await button('default').textContent()).not.toMatch(/default mode/);
    },
  );
});
