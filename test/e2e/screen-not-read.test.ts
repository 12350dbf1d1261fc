import { copyFile, cp, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { seriousAxeFindings } from '../support/axe.js';
import { screenshot } from '../support/browser.js';
import { folderScreen } from '../support/demo-screen.js';
import { WINDOWS, misfits, unfit } from '../support/screen-checks.js';
import { runCli } from '../support/cli.js';
import { SQLD_DEFAULT_SAMPLE } from '../support/sqld-default-sample.js';

/** The two windows the layout is checked at: the smallest the screen fits, and a common laptop's. */
const [SMALLEST, LAPTOP] = WINDOWS;
const [WIDTH, HEIGHT] = SMALLEST;
const WALLOG_HEADER = 64;
const WALLOG_FRAME = 24 + 4096;
const SQLITE_WAL_HEADER = 32;

/** The screen, at 1024x700, of a copy of the default-mode sample whose namespace tenant-b `damage` changed. */
function damagedSample(name: string, damage: (nsDir: string) => Promise<void>): () => { page: Page; root: string } {
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
  return () => ({ page: shown().screen.page, root: shown().root });
}

const tenantB = (page: Page) =>
  page.getByRole('navigation', { name: 'Sources' }).getByRole('button', { name: /^tenant-b/ });

/** tenant-b chosen, its Query tab open: the status naming the points left out there. */
async function tenantBPointsLeftOut(page: Page): Promise<Locator> {
  await tenantB(page).click();
  await page.getByText(/^\d+ of \d+ segments/).waitFor();
  await page.getByRole('tab', { name: 'Query' }).click();
  return page.getByRole('region', { name: 'Query' }).getByRole('status', { name: 'Points left out' });
}

/**
 * At 1024x700 and 1440x900, in light and dark: nothing overlaps or is cut (and the Segments rows keep
 * the window's least height where `rows` are shown), axe finds nothing serious; a screenshot of each.
 */
async function fitsEverywhere(page: Page, shot: string, rows: boolean, parts: (width: number) => Promise<string[]>) {
  for (const [width, height, rowsLeast] of [SMALLEST, LAPTOP]) {
    await page.setViewportSize({ width, height });
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      expect(await misfits(page, width, height, rows ? rowsLeast : 0)).toEqual([]);
      expect(await parts(width)).toEqual([]);
      await screenshot(page, `${shot}-${width}x${height}-${scheme}`);
      expect(await seriousAxeFindings(page)).toEqual([]);
    }
  }
  await page.setViewportSize({ width: WIDTH, height: HEIGHT });
}

/** What `shownLines` reads of the page inside the browser (the type-check runs without the DOM's types). */
interface Box {
  top: number;
  bottom: number;
  height: number;
}
declare const document: { createRange(): { selectNodeContents(node: unknown): void; getClientRects(): Iterable<Box> } };

/**
 * How many lines of text an element shows: its text's line boxes that lie inside its own box (a line
 * clipped away is outside), told apart by their tops.
 */
const shownLines = (element: Locator) =>
  element.evaluate((el: { getBoundingClientRect(): Box }) => {
    const box = el.getBoundingClientRect();
    const range = document.createRange();
    range.selectNodeContents(el);
    const tops = [...range.getClientRects()]
      .filter((r) => r.height > 0 && r.bottom <= box.bottom + 0.5)
      .map((r) => r.top)
      .sort((x, y) => x - y);
    return tops.filter((top, i) => i === 0 || top - (tops[i - 1] ?? top) > 8).length;
  });

describe('a namespace that could not be read is shown as not read, never as empty (Chromium)', () => {
  // A file where sqld keeps the snapshots folder: listing tenant-b fails with IO_ERROR, as root too.
  const view = damagedSample('not-read', async (ns) => {
    await rm(join(ns, 'snapshots'), { recursive: true });
    await writeFile(join(ns, 'snapshots'), 'not a folder');
  });

  /** The code and message of tenant-b's listing, which names the file where its snapshots folder should be. */
  const whyNotRead = (root: string) =>
    `IO_ERROR the snapshots folder is not a directory: ${join(root, 'dbs', 'tenant-b', 'snapshots')}`;

  it('Sources names it not read, with its code and why, and no count of segments', async () => {
    const { page, root } = view();
    const row = tenantB(page);
    await expect.poll(() => row.textContent()).toMatch(/not read: IO_ERROR the snapshots folder is not a directory: /);
    expect(await row.textContent()).not.toMatch(/segments/);
    expect(await row.getAttribute('aria-current')).toBeNull();
    // Why names a long path: the row shows its code and why's start, not the nine lines
    // the whole would wrap over in the narrow pane, and keeps the whole in its name and its title.
    const why = whyNotRead(root);
    const named = page
      .getByRole('navigation', { name: 'Sources' })
      .getByRole('button', { name: `tenant-b not read: ${why}` });
    expect(await named.count()).toBe(1);
    for (const [width, height] of [SMALLEST, LAPTOP]) {
      await page.setViewportSize({ width, height });
      expect(await shownLines(row)).toBeLessThanOrEqual(4);
    }
    expect(await row.getByTitle(why, { exact: true }).count()).toBe(1);
    const listed = row.locator('..');
    await fitsEverywhere(page, 'not-read-sources', true, (width) => unfit(listed, width));
  });

  it('choosing it shows why, whole, in place of the table, the one alert on screen', async () => {
    const { page, root } = view();
    await tenantB(page).click();
    const alert = page.getByRole('alert', { name: 'Namespace tenant-b not read' });
    await expect.poll(() => alert.textContent()).toContain(whyNotRead(root));
    expect(await page.getByRole('alert').count()).toBe(1);
    expect(await page.getByRole('table', { name: 'Segments' }).count()).toBe(0);
    expect(await tenantB(page).getAttribute('aria-current')).toBe('true');
    expect(await tenantB(page).textContent()).toMatch(/not read: IO_ERROR/);
    await fitsEverywhere(page, 'not-read-chosen', false, (width) => unfit(alert, width));
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
    const { page } = view();
    await tenantB(page).click();
    await page.getByText(/^\d+ of \d+ segments/).waitFor();
    await page.getByRole('tab', { name: 'Query' }).click();
    const query = page.getByRole('region', { name: 'Query' });
    const leftOut = query.getByRole('status', { name: 'Points left out' });
    await expect.poll(() => leftOut.textContent()).toMatch(/TRUNCATED_SEGMENT wallog: .*committed frames are missing/);
    expect(await leftOut.textContent()).toMatch(/restore points that need these pieces are left out/);
    // Its commit 157 stands (frames 151..160 are left): only the points from the cut transaction on are gone.
    expect(await leftOut.textContent()).toMatch(/\(its points from frame 158 on\)/);
    expect(await query.getByLabel('Chosen point').textContent()).toMatch(/^wal:83 /);
    await fitsEverywhere(page, 'points-left-out-query', false, (width) => unfit(leftOut, width));
    await page.getByRole('tab', { name: 'Changes' }).click();
    const changes = page.getByRole('region', { name: 'Changes' });
    const there = changes.getByRole('status', { name: 'Points left out' });
    expect(await there.textContent()).toMatch(/TRUNCATED_SEGMENT wallog: /);
    await fitsEverywhere(page, 'points-left-out-changes', false, (width) => unfit(there, width));
  });

  it('a namespace whose pieces all read says nothing is left out', async () => {
    const { page } = view();
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

describe('a damaged data-wal leaves out its points by its own frame numbers (Chromium)', () => {
  // A byte of frame 40's page flipped: SQLite reads data-wal's commits up to wal:38 and stops there.
  const view = damagedSample('wal-left-out', async (ns) => {
    const path = join(ns, 'data-wal');
    const bytes = await readFile(path);
    const at = SQLITE_WAL_HEADER + 39 * WALLOG_FRAME + 24 + 100;
    bytes.writeUInt8(bytes.readUInt8(at) ^ 0xff, at);
    await writeFile(path, bytes);
  });

  it("Query names data-wal from the WAL frame its points stop at, as wal:N, not the log's frame", async () => {
    const { page } = view();
    const leftOut = await tenantBPointsLeftOut(page);
    await expect.poll(() => leftOut.textContent()).toMatch(/CHECKSUM_MISMATCH data-wal: /);
    expect(await leftOut.textContent()).toMatch(/\(its points from wal:39 on\)/);
  });
});

describe('a misnamed snapshot whose frames other pieces hold leaves no point out (Chromium)', () => {
  // The snapshot of frames 0..34 copied under a name claiming 0..108, which the genuine pieces hold.
  const log = '2d261782-1404-48c6-ab33-599df9d78dff';
  const view = damagedSample('misnamed-shadowed', (ns) =>
    copyFile(join(ns, 'snapshots', `${log}-0-34.snap`), join(ns, 'snapshots', `${log}-0-108.snap`)),
  );

  it('Query names it with HEADER_MISMATCH and says no point stands on it', async () => {
    const { page } = view();
    const leftOut = await tenantBPointsLeftOut(page);
    await expect.poll(() => leftOut.textContent()).toMatch(/HEADER_MISMATCH /);
    expect(await leftOut.textContent()).toMatch(
      /\(no point stands on it: the pieces that hold its frames are offered\)/,
    );
  });
});

describe('restore points past a gap are not offered: the gap is named beside the point pickers (Chromium)', () => {
  // Frames 35..73 were only in this snapshot: a restore from frame 35 on is refused with CHAIN_GAP.
  const view = damagedSample('points-gap', (ns) =>
    rm(join(ns, 'snapshots', '2d261782-1404-48c6-ab33-599df9d78dff-35-73.snap')),
  );

  it('Query names the frames no segment holds, and offers the log point before them and the WAL’s', async () => {
    const { page, root } = view();
    await tenantB(page).click();
    await page.getByText(/^\d+ of \d+ segments/).waitFor();
    await page.getByRole('tab', { name: 'Query' }).click();
    const query = page.getByRole('region', { name: 'Query' });
    const leftOut = query.getByRole('status', { name: 'Points left out' });
    await expect
      .poll(() => leftOut.textContent())
      .toMatch(/CHAIN_GAP Frames 35\.\.73 are in no segment: the restore points from frame 35 on are left out/);
    expect(await leftOut.textContent()).not.toMatch(/Not read/);
    // Frame 34 and the WAL's points, as `points` lists them: 108 and the log's after it are gone.
    const listed = JSON.parse((await runCli(['points', root, '--namespace', 'tenant-b', '--json'])).out) as {
      points: { frameNo: number; walFrame?: number }[];
    };
    expect(listed.points.filter((p) => p.walFrame === undefined).map((p) => p.frameNo)).toEqual([34]);
    const count = listed.points.length;
    expect(await query.getByLabel('Chosen point').textContent()).toBe(`wal:83 (point ${count} of ${count})`);
    await fitsEverywhere(page, 'points-gap-query', false, (width) => unfit(leftOut, width));
  });
});
