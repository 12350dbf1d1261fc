import { cp } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { seriousAxeFindings } from '../support/axe.js';
import { screenshot } from '../support/browser.js';
import { bottomlessBucket, expectedRows } from '../support/bottomless-vectors.js';
import { folderScreen } from '../support/demo-screen.js';
import { axisLabelPixels, cutCells, misfits } from '../support/screen-checks.js';

const { dir: sample, manifest } = bottomlessBucket('gz');
/** The sample's generations oldest first, as its generator made them. */
const generations = [...manifest.generations].sort((a, b) => a.created_ms - b.created_ms);
const clock = (seconds: number) => new Date(seconds * 1000).toISOString().slice(11, 19);

describe('a bottomless bucket on the timeline: generations side by side, times on the axis (Chromium)', () => {
  let page: Page;
  const shown = folderScreen('bottomless-screen', async (home) => {
    await cp(sample, join(home, 'bucket'), { recursive: true });
    return join(home, 'bucket');
  });
  beforeAll(() => {
    page = shown().screen.page;
  });

  it('draws one band per generation, oldest first, each named whole on hover', async () => {
    const bands = page.getByRole('list', { name: 'Generations' }).getByRole('listitem');
    await expect.poll(() => bands.count()).toBe(generations.length);
    for (const [i, g] of generations.entries()) {
      const band = bands.nth(i);
      const last = Math.max(...g.batches.map((b) => b.last));
      const words = await band.getAttribute('title');
      expect(words).toContain(`generation ${g.uuid}: frames 1 to ${last}, ${g.batches.length} batches`);
      expect(words).toContain(clock(Math.min(...g.batches.map((b) => b.ts))));
      // The label is the id's first groups, enough to tell it from the other four.
      const label = (await band.textContent()) ?? '';
      expect(g.uuid.startsWith(label) && label.length >= 8).toBe(true);
      expect(generations.filter((o) => o.uuid.startsWith(label))).toHaveLength(1);
    }
    // Sources says what the namespace is, with the generations its listing found.
    const source = page.getByRole('navigation', { name: 'Sources' }).getByRole('button', { name: /^default/ });
    expect(await source.textContent()).toMatch(/bottomless, 5 generations$/);
    // Side by side, left to right, none over another.
    const boxes = await Promise.all(generations.map((_, i) => bands.nth(i).boundingBox()));
    for (let i = 1; i < boxes.length; i++) {
      const [before, box] = [boxes[i - 1], boxes[i]];
      expect(before && box && before.x + before.width <= box.x + 1).toBe(true);
    }
    await page.getByRole('img', { name: /Timeline of frame ranges/ }).hover({ position: { x: 12, y: 30 } });
    await expect
      .poll(() => page.locator('.hover-name').textContent())
      .toContain(`generation ${generations[0]?.uuid ?? '?'}`);
  });

  it("lists each generation's snapshot as a row: point 0, its generation, and its Details when picked", async () => {
    const rows = expectedRows(manifest);
    const listed = rows.filter((r) => r.format === 'bottomless-snapshot');
    expect(listed.length).toBeGreaterThan(0);
    const table = page.getByRole('table', { name: 'Segments' });
    for (const snapshot of listed) {
      // Rows are drawn as they come into view: the table is scrolled to the row's place in the listing.
      const at = rows.indexOf(snapshot);
      const top = Math.max(0, at - 2) * 28;
      await page
        .getByRole('rowgroup', { name: 'Segment rows' })
        .evaluate((el: { scrollTop: number }, to) => (el.scrollTop = to), top);
      // A row's title is its key.
      const row = table.locator(`[role="row"][title="${snapshot.file}"]`);
      await expect.poll(() => row.count()).toBe(1);
      const cells = await row.getByRole('cell').allTextContents();
      expect([cells[1], cells[2], cells[4], cells[6]]).toEqual(['0', '0', 'bottomless-snapshot', 'local']);
      expect(await row.getByRole('cell').nth(7).getAttribute('title')).toBe(snapshot.generation);
    }
    await table.locator(`[role="row"][title="${listed.at(-1)?.file ?? '?'}"]`).click();
    const header = page.getByRole('complementary', { name: 'Details' }).getByRole('table', { name: 'Header' });
    await expect.poll(() => header.getByRole('row').first().textContent()).toMatch(/^Format.*bottomless snapshot/);
    await page.keyboard.press('Escape');
  });

  it("labels the frame axis from 1 again in each generation and the time axis with the batches' times", async () => {
    const canvas = page.getByRole('img', { name: /63 segments in 5 generations, 0 gaps/ });
    await expect.poll(() => canvas.count()).toBe(1);
    const axes = page.locator('#timeline-axes');
    const times = new Set(generations.flatMap((g) => g.batches.map((b) => clock(b.ts))));
    const timesOnAxis = async () =>
      /times \(UTC\) (.*)\./.exec((await axes.textContent()) ?? '')?.[1]?.split(', ') ?? [];
    await expect.poll(async () => (await timesOnAxis()).length).toBeGreaterThan(2);
    // Each label a batch's own second, in order along the axis.
    const shown = await timesOnAxis();
    expect(shown.every((t) => times.has(t))).toBe(true);
    expect([...shown].sort()).toEqual(shown);
    const frames = /Frames (.*?);/.exec((await axes.textContent()) ?? '')?.[1]?.split(', ') ?? [];
    const numbers = frames.map((f) => Number(f.replace(/,/g, '')));
    // Numbering restarts: somewhere along the axis a label is smaller than the one before it.
    expect(numbers.some((n, i) => i > 0 && n < (numbers[i - 1] ?? 0))).toBe(true);
    await expect.poll(() => axisLabelPixels(page)).toBeGreaterThan(40);
  });

  it('a brush over two generations filters the table to the batches it met, named by generation', async () => {
    const canvas = page.getByRole('img', { name: /Timeline of frame ranges/ });
    const box = await canvas.boundingBox();
    const bands = page.getByRole('list', { name: 'Generations' }).getByRole('listitem');
    const second = await bands.nth(1).boundingBox();
    if (!box || !second) throw new Error('no timeline on screen');
    // From the middle of the first generation to the middle of the second.
    await page.mouse.move((box.x + second.x) / 2, box.y + 30);
    await page.mouse.down();
    await page.mouse.move(second.x + second.width / 2, box.y + 30, { steps: 4 });
    await page.mouse.up();
    const chip = page.getByRole('button', { name: "Clear the timeline's brush" });
    const first = generations[0]?.uuid ?? '?';
    const next = generations[1]?.uuid ?? '?';
    await expect.poll(() => chip.textContent()).toMatch(/frame .* to .* frame /);
    // The Generation cells name each batch's generation whole in their title.
    const cells = page.getByRole('table', { name: 'Segments' }).locator('[role="cell"][title]');
    const named = await Promise.all((await cells.all()).map((c) => c.getAttribute('title')));
    expect(named).toContain(first);
    expect(named).toContain(next);
    expect(named.some((t) => generations.slice(2).some((g) => g.uuid === t))).toBe(false);
    await chip.click();
  });

  it('names points by generation in the Query tab: the picker, and the words above the results', async () => {
    await page.getByRole('tab', { name: 'Query' }).click();
    const query = page.getByRole('region', { name: 'Query' });
    await expect.poll(() => query.getByLabel('Chosen point').textContent()).toMatch(/:[0-9,]+/);
    const chosen = (await query.getByLabel('Chosen point').textContent()) ?? '';
    // The generation in full, as `points` prints it and --at-frame takes it.
    const named = generations.filter((g) => chosen.includes(`${g.uuid}:`));
    expect(named).toHaveLength(1);
    await query.getByLabel('SQL').fill('SELECT 1 AS one');
    await query.getByRole('button', { name: 'Run' }).click();
    await expect.poll(() => query.getByRole('status').first().textContent()).toMatch(/rows? as of /);
    const words = (await query.getByText(/rows? as of /).textContent()) ?? '';
    expect(words).toMatch(new RegExp(`as of ${named[0]?.uuid ?? 'none'}:[0-9,]+`));
    await page.getByRole('tab', { name: 'Segments' }).click();
  });

  it("runs a query at the chosen point of an older generation, not at the newest generation's frame", async () => {
    await page.getByRole('tab', { name: 'Query' }).click();
    const query = page.getByRole('region', { name: 'Query' });
    const oldest = generations[0];
    const secondBatch = oldest?.batches[1];
    if (!oldest || !secondBatch) throw new Error('the sample has no generation with two batches');
    await query.getByLabel('Frame or time').fill(new Date(secondBatch.ts * 1000).toISOString());
    await query.getByLabel('Frame or time').press('Enter');
    await expect.poll(() => query.getByLabel('Chosen point').textContent()).toContain(`${oldest.uuid}:`);
    const frame = /:([0-9,]+)/.exec((await query.getByLabel('Chosen point').textContent()) ?? '')?.[1] ?? '?';
    await query.getByLabel('SQL').fill('SELECT 2 AS two');
    await query.getByRole('button', { name: 'Run' }).click();
    await expect.poll(() => query.getByText(/rows? as of /).textContent()).toContain(`as of ${oldest.uuid}:${frame}`);
    await page.getByRole('tab', { name: 'Segments' }).click();
  });

  it('stands at a point typed as <generation>:N, as --at-frame takes it; text naming no point is refused', async () => {
    await page.getByRole('tab', { name: 'Query' }).click();
    const query = page.getByRole('region', { name: 'Query' });
    const oldest = generations[0];
    const commit = manifest.commit_points.find((p) => p.generation === oldest?.uuid && !p.tombstoned);
    if (!commit) throw new Error('the sample has no commit in its oldest generation');
    const chosen = () => query.getByLabel('Chosen point').textContent();
    await query.getByLabel('Frame or time').fill(`${commit.generation}:${commit.frame}`);
    await query.getByLabel('Frame or time').press('Enter');
    await expect.poll(chosen).toContain(`${commit.generation}:${commit.frame.toLocaleString('en-US')} `);
    // Not a miss of the points: text that is no point at all, in the command line's words.
    await query.getByLabel('Frame or time').fill('garbage');
    await query.getByLabel('Frame or time').press('Enter');
    await expect.poll(() => query.getByRole('alert').textContent()).toMatch(/^INVALID_ARGUMENT\b.*got "garbage"/);
    // The picker stands at none, not at the point before: Run would run there.
    expect(await chosen()).toBe('none: "garbage" names no restore point');
    await page.getByRole('tab', { name: 'Segments' }).click();
  });

  for (const scheme of ['light', 'dark'] as const) {
    it(`in ${scheme} at 1024x700: the bands and axes on screen, axe finds nothing serious`, async () => {
      await page.setViewportSize({ width: 1024, height: 700 });
      await page.emulateMedia({ colorScheme: scheme });
      await expect.poll(() => axisLabelPixels(page)).toBeGreaterThan(40);
      expect(await cutCells(page)).toEqual([]);
      await screenshot(page, `screen-bottomless-1024x700-${scheme}`);
      expect(await seriousAxeFindings(page)).toEqual([]);
      // A batch selected: the Generation column stays whole, Details goes where it leaves the table room.
      const table = page.getByRole('table', { name: 'Segments' });
      await table.locator('[role="row"][aria-rowindex="3"]').getByRole('cell').nth(3).click();
      await expect.poll(() => page.getByRole('table', { name: 'Header' }).count()).toBe(1);
      // A batch keeps no one checksum: the panel says what was checked, not a bare "ok", and no size is expected.
      const header = page.getByRole('table', { name: 'Header' });
      await expect
        .poll(() => header.getByRole('row', { name: /Checksum/ }).textContent())
        .toContain("every frame's checksum continues the chain");
      expect(await header.getByRole('row', { name: /^Size/ }).textContent()).not.toContain('expected');
      expect(await cutCells(page)).toEqual([]);
      await expect.poll(() => misfits(page, 1024, 700, 200)).toEqual([]);
      await screenshot(page, `screen-bottomless-selected-1024x700-${scheme}`);
      expect(await seriousAxeFindings(page)).toEqual([]);
      for (const [width, height] of [
        [1440, 900],
        [1920, 1080],
      ] as const) {
        await page.setViewportSize({ width, height });
        await expect.poll(() => misfits(page, width, height, 360)).toEqual([]);
        expect(await cutCells(page)).toEqual([]);
        await screenshot(page, `screen-bottomless-selected-${width}x${height}-${scheme}`);
      }
      await page.setViewportSize({ width: 1024, height: 700 });
      await page.getByRole('button', { name: 'Close details' }).click();
    });
  }
});
