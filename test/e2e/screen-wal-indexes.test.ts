import { describe, expect, it } from 'vitest';
import { screenshot } from '../support/browser.js';
import { folderScreen } from '../support/demo-screen.js';
import { cutCells } from '../support/screen-checks.js';
import { sampleCopyIn } from '../support/sqld-default-sample.js';

/** What `list` says of data-wal's numbers. */
const WAL_INDEXES = "SQLite's frame indexes, not the log's";

describe("data-wal's frames are SQLite's indexes in it, not the log's, on the screen (Chromium)", () => {
  const shown = folderScreen('wal-indexes', sampleCopyIn);
  /** The files of the rows shown, in order. */
  const files = () =>
    shown()
      .screen.page.getByRole('table', { name: 'Segments' })
      .locator('[role="row"][title]')
      .evaluateAll(
        // Read in the page: each row's title is its file.
        (rows: { getAttribute: (name: string) => string | null }[]) => rows.map((r) => r.getAttribute('title') ?? ''),
      );

  it("Holds frame finds the log's frame in the log's pieces only, and data-wal's by wal:N", async () => {
    const page = shown().screen.page;
    const filter = page.getByLabel('Frame filter');
    // Log frame 50 is in the snapshot of frames 0-277; data-wal's commits are the log's frames 176-307.
    await filter.fill('50');
    await expect.poll(files).toEqual(['snapshots/163d4ab6-54af-4cf0-a19d-acb3523746a9-0-277.snap']);
    expect(await page.getByText(/^1 of 4 segments/).count()).toBe(1);
    await filter.fill('wal:50');
    await expect.poll(files).toEqual(['data-wal']);
    await filter.fill('wal:133');
    await expect.poll(files).toEqual([]);
    await filter.fill('');
    await expect.poll(async () => (await files()).length).toBe(4);
  });

  it("the data-wal row and its Details say its numbers as wal:N, in list's words", async () => {
    const page = shown().screen.page;
    await page.setViewportSize({ width: 1024, height: 700 });
    const row = page.getByRole('table', { name: 'Segments' }).locator('[role="row"][title="data-wal"]');
    const cells = row.getByRole('cell');
    expect([await cells.nth(1).textContent(), await cells.nth(2).textContent()]).toEqual(['wal:1', 'wal:132']);
    expect(await cells.nth(1).getAttribute('title')).toBe(WAL_INDEXES);
    expect(await cutCells(page)).toEqual([]);
    await cells.nth(3).click();
    const header = page.getByRole('complementary', { name: 'Details' }).getByRole('table', { name: 'Header' });
    await expect.poll(() => header.getByRole('row', { name: /^Start frame/ }).textContent()).toContain('wal:1');
    expect(
      await header
        .getByRole('row', { name: /^Start frame/ })
        .getByRole('cell')
        .textContent(),
    ).toBe(`wal:1 (${WAL_INDEXES})`);
    expect(
      await header
        .getByRole('row', { name: /^End frame/ })
        .getByRole('cell')
        .textContent(),
    ).toBe('wal:132');
    await screenshot(page, 'wal-indexes-1024x700');
    await page.getByRole('button', { name: 'Close details' }).click();
    await page.setViewportSize({ width: 1440, height: 900 });
  });
});
