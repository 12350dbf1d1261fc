import { cp, stat, truncate } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { seriousAxeFindings } from '../support/axe.js';
import { screenshot } from '../support/browser.js';
import { demoScreen, sealedSegment } from '../support/demo-screen.js';
import { holdNext } from '../support/held-calls.js';
import { misfits } from '../support/screen-checks.js';
import { inspectFile } from '../../core/inspect/inspect-file.js';

const SQLD_DEFAULT = join('test', 'vectors', 'sqld-default', 'data.sqld');

/** The Header table as [field, value] pairs, field names as read (their <wbr> adds nothing). */
const headerRows = (page: Page) =>
  page.evaluate<[string, string][]>(`[...document.querySelectorAll('table[aria-label="Header"] tr')].map((r) => [
    r.querySelector('th')?.textContent ?? '',
    r.querySelector('td')?.textContent ?? '',
  ])`);
const valueOf = async (page: Page, field: string) => (await headerRows(page)).find(([f]) => f === field)?.[1];
const focusedName = (page: Page) => page.evaluate<string | null>('document.activeElement?.getAttribute("aria-label")');

describe('Details says each thing once, each pane part has its own closer, and a 600 px window still fits', () => {
  const cutBy = 100;
  let cut = '';
  const demo = demoScreen('details', { segments: 20, seed: 5 }, async (root) => {
    // One sealed segment cut short by 100 bytes: its header still reads, its size no longer agrees.
    const segment = await sealedSegment(root, 'default', 2);
    cut = segment.name;
    await truncate(segment.path, (await stat(segment.path)).size - cutBy);
  });
  let page: Page;
  beforeAll(() => {
    page = demo().screen.page;
  });

  const table = () => page.getByRole('table', { name: 'Segments' });
  const openRow = async (file: string) => {
    await table().locator(`[role="row"][title="${file}"]`).getByRole('cell').nth(3).click();
    await expect.poll(() => page.getByRole('heading', { name: file }).count()).toBe(1);
    await expect.poll(() => valueOf(page, 'Size')).toMatch(/bytes/);
  };

  it('a whole segment: its size without an expectation, no field repeating another, a time in one row', async () => {
    const healthy = (await table().locator('[role="row"][title$=".seg"]').first().getAttribute('title')) ?? '';
    expect(healthy).not.toBe(cut);
    await openRow(healthy);
    const rows = await headerRows(page);
    const fields = rows.map(([f]) => f);
    expect(await valueOf(page, 'Size')).toMatch(/^[\d,]+ bytes$/);
    // logId is the Segment ID and lastCommittedFrameNo the End frame: each said once.
    expect(fields).toContain('Segment ID');
    expect(fields).toContain('End frame');
    expect(fields.filter((f) => ['logId', 'lastCommittedFrameNo', 'sealedAtMs'].includes(f))).toEqual([]);
    expect(await valueOf(page, 'sealedAt')).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z \(\d+ ms\)$/);
    expect(new Set(fields).size).toBe(fields.length);
    expect(await valueOf(page, 'Checksum')).toMatch(/^ok \(CRC-32 [0-9a-f]{8}\)$/);
  });

  it('a segment cut short: Size says by how much, as the problem it is', async () => {
    await openRow(cut);
    const size = await valueOf(page, 'Size');
    expect(size).toMatch(new RegExp(`^[\\d,]+ bytes, but its header implies [\\d,]+: ${cutBy} bytes missing$`));
    const [actual, implied] = (size ?? '').match(/[\d,]{3,}/g)?.map((n) => Number(n.replace(/,/g, ''))) ?? [];
    expect((implied ?? 0) - (actual ?? 0)).toBe(cutBy);
    const cell = page.getByRole('table', { name: 'Header' }).getByRole('cell', { name: size ?? '?' });
    expect(await cell.getAttribute('class')).toBe('bad');
    // Each problem is an item of the list, not drawn as the page's error banner (a box whose narrow
    // first column broke "error" into one letter a line).
    const error = page.getByRole('list', { name: 'Problems' }).locator('li.error').first();
    expect(await error.textContent()).toMatch(/^error TRUNCATED_SEGMENT /);
    const display = `getComputedStyle(document.querySelector('ul.problems li.error')).display`;
    expect(await page.evaluate<string>(display)).toBe('list-item');
    await screenshot(page, 'details-cut-segment');
    expect(await seriousAxeFindings(page)).toEqual([]);
  });

  it('Close comparison closes only the comparison, Close details only the details; focus on the rows', async () => {
    const tick = (row: number) =>
      table().locator(`[role="row"][aria-rowindex="${row}"]`).getByRole('checkbox', { name: 'Select for comparison' });
    await tick(3).check();
    await tick(4).check();
    await page.getByRole('toolbar', { name: 'Commands' }).getByRole('button', { name: 'Compare' }).click();
    const details = page.getByRole('complementary', { name: 'Details' });
    await expect.poll(() => details.getByRole('region', { name: 'Comparison' }).count()).toBe(1);
    // One closer for each thing shown, named for it; no bare symbol.
    expect(await details.getByRole('button', { name: /^Close|^×$/ }).allTextContents()).toEqual([
      'Close comparison',
      'Close details',
    ]);
    await details.getByRole('button', { name: 'Close comparison' }).click();
    expect(await details.getByRole('region', { name: 'Comparison' }).count()).toBe(0);
    expect(await page.getByRole('table', { name: 'Header' }).count()).toBe(1);
    expect(await focusedName(page)).toBe('Segment rows');
    await details.getByRole('button', { name: 'Close details' }).click();
    await expect.poll(() => page.getByText('Select a segment to see its details').count()).toBe(1);
    expect(await focusedName(page)).toBe('Segment rows');
    await tick(3).uncheck();
    await tick(4).uncheck();
  });

  it('a comparison answered after its rows were unticked is not shown for the pair ticked since', async () => {
    const tick = (row: number) =>
      table().locator(`[role="row"][aria-rowindex="${row}"]`).getByRole('checkbox', { name: 'Select for comparison' });
    await tick(3).check();
    await tick(4).check();
    const late = await holdNext(page, 'compare');
    await page.getByRole('toolbar', { name: 'Commands' }).getByRole('button', { name: 'Compare' }).click();
    await late.answered;
    await tick(3).uncheck();
    await tick(5).check();
    await late.release();
    const details = page.getByRole('complementary', { name: 'Details' });
    expect(await details.getByRole('region', { name: 'Comparison' }).count()).toBe(0);
    await tick(4).uncheck();
    await tick(5).uncheck();
  });

  it("folds Details to its strip on Query and Changes, and brings the row's details back on Segments", async () => {
    await openRow(cut);
    const details = page.getByRole('complementary', { name: 'Details' });
    for (const tab of ['Query', 'Changes'] as const) {
      await page.getByRole('tab', { name: tab }).click();
      await expect.poll(() => details.textContent()).toBe('Details of the selection: on the Segments tab');
      // The tab's region gets the width Details had: all but Sources and the 28 px strip.
      const region = await page.getByRole('region', { name: tab }).boundingBox();
      const strip = await details.boundingBox();
      expect((strip?.width ?? 0) <= 30 && (region?.width ?? 0) > 1440 - 200 - 30 - 40).toBe(true);
    }
    await page.getByRole('tab', { name: 'Segments' }).click();
    await expect.poll(() => page.getByRole('heading', { name: cut }).count()).toBe(1);
    await page.getByRole('button', { name: 'Close details' }).click();
  });

  for (const scheme of ['light', 'dark'] as const) {
    it(`at 1024x600 in ${scheme}, a row selected: nothing overlaps or scrolls sideways; Details scrolls`, async () => {
      await page.setViewportSize({ width: 1024, height: 600 });
      await page.emulateMedia({ colorScheme: scheme });
      await openRow(cut);
      // Shorter than the 700 px the rows' 200 px are promised for: they keep what is left, but some.
      expect(await misfits(page, 1024, 600, 100)).toEqual([]);
      const body = '[role="group"][aria-label="Details of the selection"]';
      expect(
        await page.evaluate(
          `(() => { const b = document.querySelector('${body}'); return b.scrollHeight > b.clientHeight; })()`,
        ),
      ).toBe(true);
      expect(await page.evaluate('document.documentElement.scrollHeight - document.documentElement.clientHeight')).toBe(
        0,
      );
      await screenshot(page, `details-1024x600-${scheme}`);
      expect(await seriousAxeFindings(page)).toEqual([]);
      await page.getByRole('button', { name: 'Close details' }).click();
    });
  }

  it("an earlier row's details, come after another row was selected, are not shown for it", async () => {
    const rows = table().locator('[role="row"][title$=".seg"]');
    const [first, second] = [await rows.nth(0).getAttribute('title'), await rows.nth(1).getAttribute('title')];
    if (!first || !second) throw new Error('the demo has two sealed segments');
    const endOf = async (file: string) => {
      await openRow(file);
      return valueOf(page, 'End frame');
    };
    const [firstEnd, secondEnd] = [await endOf(first), await endOf(second)];
    expect(firstEnd).not.toBe(secondEnd);
    await page.getByRole('button', { name: 'Close details' }).click();
    const late = await holdNext(page, 'inspect', first);
    await rows.nth(0).getByRole('cell').nth(3).click();
    await late.answered;
    await openRow(second);
    await late.release();
    expect(await page.getByRole('heading', { name: second }).count()).toBe(1);
    expect(await valueOf(page, 'End frame')).toBe(secondEnd);
  });

  it('sqld default mode: a snapshot says how many frames it checks; a log with no commit has no range', async () => {
    const root = join(demo().home, 'default-mode.sqld');
    await cp(SQLD_DEFAULT, root, { recursive: true });
    page = (await demo().open(root)).page;
    const snapshot = (await table().locator('[role="row"][title$=".snap"]').first().getAttribute('title')) ?? '';
    await openRow(snapshot);
    // Its frames whose predecessor it also keeps are checked against it; the count is inspect's.
    const { chained } = (await inspectFile(join(root, 'dbs', 'default', snapshot))).checksum;
    expect(chained?.frames).toBeGreaterThan(0);
    expect(await valueOf(page, 'Checksum')).toBe(
      `ok for ${chained?.frames} of ${chained?.of} frames: each continues the chain from the frame before it; ` +
        "the others' predecessors were compacted away, so they cannot be checked",
    );
    expect(await valueOf(page, 'Size')).toMatch(/^[\d,]+ bytes$/);
    expect((await headerRows(page)).map(([f]) => f)).not.toContain('logId');
    // The replication log after a compaction: no committed frame, so no range and no chain to check yet.
    const log = table().locator('[role="row"][title$="wallog"]');
    expect(await log.getByRole('cell').nth(2).textContent()).toBe('—');
    await openRow((await log.getAttribute('title')) ?? '');
    expect(await valueOf(page, 'End frame')).toMatch(/^none: no frame committed yet \(the next is [\d,]+\)$/);
    expect(await valueOf(page, 'Checksum')).toBe('none yet: no committed frame to check');
    // Its bytes past the header are the uncommitted frames its warning names: said, not marked as a fault.
    expect(await valueOf(page, 'Size')).toMatch(/^[\d,]+ bytes, but its header implies [\d,]+: [\d,]+ bytes too many$/);
    expect(await page.locator('table[aria-label="Header"] td.bad').count()).toBe(0);
    // That warning is said as one, in a colour of its own (the list's is the errors'), readable in both schemes.
    const warning = page.getByRole('list', { name: 'Problems' }).locator('li.warning').first();
    expect(await warning.textContent()).toMatch(/^warning [A-Z_]+ \S/);
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      const [own, errors] = await page.evaluate<[string, string]>(`(() => {
        const li = document.querySelector('ul.problems li.warning');
        return [getComputedStyle(li).color, getComputedStyle(li.parentElement).color];
      })()`);
      expect(own).not.toBe(errors);
      expect(await seriousAxeFindings(page)).toEqual([]);
    }
    await page.emulateMedia({ colorScheme: 'light' });
    // The snapshot of frames 0-277 and data-wal's 1-132 overlap on the axis: drawn in two lanes, said why.
    const timeline = page.getByRole('img', { name: /^Timeline of frame ranges/ });
    expect(await timeline.getAttribute('aria-label')).toMatch(/overlapping ranges in 2 lanes; lower lane data-wal: /);
    await screenshot(page, 'details-sqld-default-wallog');
    // SQLite's WAL file keeps SQLite's own checksum, no CRC-32: named as what it is.
    await openRow((await table().locator('[role="row"][title$="data-wal"]').getAttribute('title')) ?? '');
    const { stored } = (await inspectFile(join(root, 'dbs', 'default', 'data-wal'))).checksum;
    expect(await valueOf(page, 'Checksum')).toBe(`ok (SQLite's WAL checksum ${stored?.toString(16).padStart(8, '0')})`);
  });
});
