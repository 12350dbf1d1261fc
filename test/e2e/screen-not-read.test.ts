import { cp, rm, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { seriousAxeFindings } from '../support/axe.js';
import { screenshot } from '../support/browser.js';
import { folderScreen } from '../support/demo-screen.js';
import { misfits, unfit } from '../support/screen-checks.js';
import { SQLD_DEFAULT_SAMPLE } from '../support/sqld-default-sample.js';

const [WIDTH, HEIGHT, ROWS_LEAST] = [1024, 700, 200];
const WALLOG_HEADER = 64;
const WALLOG_FRAME = 24 + 4096;

/** The screen, at 1024x700, of a copy of the default-mode sample whose namespace tenant-b `damage` changed. */
function damagedSample(name: string, damage: (nsDir: string) => Promise<void>): () => Page {
  const shown = folderScreen(
    name,
    async (home) => {
      const root = join(home, 'data.sqld');
      await cp(SQLD_DEFAULT_SAMPLE, root, { recursive: true });
      await damage(join(root, 'dbs', 'tenant-b'));
      return root;
    },
    { width: WIDTH, height: HEIGHT },
  );
  return () => shown().screen.page;
}

const tenantB = (page: Page) =>
  page.getByRole('navigation', { name: 'Sources' }).getByRole('button', { name: /^tenant-b/ });

/** In light and dark: nothing overlaps or is cut, axe finds nothing serious; a screenshot of each. */
async function fitsInBothSchemes(page: Page, shot: string, rowsLeast: number, parts: () => Promise<string[]>) {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    expect(await misfits(page, WIDTH, HEIGHT, rowsLeast)).toEqual([]);
    expect(await parts()).toEqual([]);
    await screenshot(page, `${shot}-${WIDTH}x${HEIGHT}-${scheme}`);
    expect(await seriousAxeFindings(page)).toEqual([]);
  }
}

describe('a namespace that could not be read is shown as not read, never as empty (Chromium)', () => {
  // A file where sqld keeps the snapshots folder: listing tenant-b fails with IO_ERROR, as root too.
  const view = damagedSample('not-read', async (ns) => {
    await rm(join(ns, 'snapshots'), { recursive: true });
    await writeFile(join(ns, 'snapshots'), 'not a folder');
  });

  it('Sources names it not read, with its code and why, and no count of segments', async () => {
    const page = view();
    const row = tenantB(page);
    await expect.poll(() => row.textContent()).toMatch(/not read: IO_ERROR the snapshots folder is not a directory: /);
    expect(await row.textContent()).not.toMatch(/segments/);
    expect(await row.getAttribute('aria-current')).toBeNull();
    const listed = row.locator('..');
    await fitsInBothSchemes(page, 'not-read-sources', ROWS_LEAST, () => unfit(listed, WIDTH));
  });

  it('choosing it shows why in place of the table, the one alert on screen', async () => {
    const page = view();
    await tenantB(page).click();
    const alert = page.getByRole('alert', { name: 'Namespace tenant-b not read' });
    await expect.poll(() => alert.textContent()).toMatch(/IO_ERROR the snapshots folder is not a directory: \//);
    expect(await page.getByRole('alert').count()).toBe(1);
    expect(await page.getByRole('table', { name: 'Segments' }).count()).toBe(0);
    expect(await tenantB(page).getAttribute('aria-current')).toBe('true');
    expect(await tenantB(page).textContent()).toMatch(/not read: IO_ERROR/);
    await fitsInBothSchemes(page, 'not-read-chosen', 0, () => unfit(alert, WIDTH));
    // The other namespace reads as before, and its table comes back.
    await page
      .getByRole('navigation', { name: 'Sources' })
      .getByRole('button', { name: /^default/ })
      .click();
    await page.getByText('4 of 4 segments').waitFor();
    expect(await page.getByRole('alert').count()).toBe(0);
  });
});

describe('restore points left out are named beside the point pickers (Chromium)', () => {
  // The wallog cut mid-frame: its points and the log's after it cannot be offered.
  const view = damagedSample('points-left-out', (ns) =>
    truncate(join(ns, 'wallog'), WALLOG_HEADER + 10 * WALLOG_FRAME + 100),
  );

  it('Query and Changes name the wallog with its code, and still offer the points that stand', async () => {
    const page = view();
    await tenantB(page).click();
    await page.getByText(/^\d+ of \d+ segments/).waitFor();
    await page.getByRole('tab', { name: 'Query' }).click();
    const query = page.getByRole('region', { name: 'Query' });
    const leftOut = query.getByRole('status', { name: 'Points left out' });
    await expect.poll(() => leftOut.textContent()).toMatch(/TRUNCATED_SEGMENT wallog: .*committed frames are missing/);
    expect(await leftOut.textContent()).toMatch(/restore points that need these pieces are left out/);
    // Its commit 157 stands (frames 151..160 are left): only the points from the cut transaction on are gone.
    expect(await leftOut.textContent()).toMatch(/\(its points from frame 158 on\)/);
    expect(await query.getByLabel('Chosen point').textContent()).toMatch(/^WAL frame 83 /);
    await fitsInBothSchemes(page, 'points-left-out-query', 0, () => unfit(leftOut, WIDTH));
    await page.getByRole('tab', { name: 'Changes' }).click();
    const changes = page.getByRole('region', { name: 'Changes' });
    const there = changes.getByRole('status', { name: 'Points left out' });
    expect(await there.textContent()).toMatch(/TRUNCATED_SEGMENT wallog: /);
    await fitsInBothSchemes(page, 'points-left-out-changes', 0, () => unfit(there, WIDTH));
  });

  it('a namespace whose pieces all read says nothing is left out', async () => {
    const page = view();
    await page.getByRole('tab', { name: 'Segments' }).click();
    await page
      .getByRole('navigation', { name: 'Sources' })
      .getByRole('button', { name: /^default/ })
      .click();
    await page.getByText('4 of 4 segments').waitFor();
    await page.getByRole('tab', { name: 'Query' }).click();
    const query = page.getByRole('region', { name: 'Query' });
    await expect.poll(() => query.getByLabel('Chosen point').textContent()).toMatch(/point \d+ of \d+/);
    expect(await query.getByRole('status', { name: 'Points left out' }).count()).toBe(0);
  });
});
