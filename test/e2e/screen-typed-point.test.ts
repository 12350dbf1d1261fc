import { cp } from 'node:fs/promises';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { bottomlessBucket } from '../support/bottomless-vectors.js';
import { screenshot } from '../support/browser.js';
import { folderScreen } from '../support/demo-screen.js';
import { countSent, sent } from '../support/held-calls.js';
import { sampleCopyIn } from '../support/sqld-default-sample.js';

const COUNT_ITEMS = 'SELECT count(*) AS n FROM items';
/** The sample bucket's newest generation, and the one made before it from a snapshot. */
const NEWEST = 'e4de1883-0eee-76c3-9738-b4d4ea86d46e';
const SNAPSHOT_MADE = 'e4de1883-fd84-7028-a5b7-924571a3479f';

/** The Query region, shown with its points read. */
async function queryRegion(page: Page): Promise<Locator> {
  await page.getByRole('tab', { name: 'Query' }).click();
  const query = page.getByRole('region', { name: 'Query' });
  await expect.poll(() => query.getByLabel('Chosen point').textContent()).toMatch(/point \d+ of \d+/);
  return query;
}

/** `text` typed into the region's point field and Enter pressed. */
async function typePoint(region: Locator, text: string): Promise<void> {
  await region.getByLabel('Frame or time').first().fill(text);
  await region.getByLabel('Frame or time').first().press('Enter');
}

/** The query run with Run, and the words saying how many rows as of which point. */
async function runQuery(query: Locator, sql: string): Promise<string> {
  await query.getByLabel('SQL').fill(sql);
  await query.getByRole('button', { name: 'Run' }).click();
  await expect.poll(() => query.getByRole('status').last().textContent()).toMatch(/^\d+ rows? as of /);
  return (await query.getByRole('status').last().textContent()) ?? '';
}

describe("a point typed into the screen's pickers stands where `sql --at-frame` stands (Chromium)", () => {
  const shown = folderScreen('typed-point-bottomless', async (home) => {
    await cp(bottomlessBucket('raw').dir, join(home, 'bucket'), { recursive: true });
    return join(home, 'bucket');
  });

  it("a frame of a generation before its first commit stands at the generation's start, as sql's", async () => {
    const query = await queryRegion(shown().screen.page);
    // `sql --at-frame <newest>:2` answers 35 items "as of <newest>:0", the generation's snapshot.
    await typePoint(query, `${NEWEST}:2`);
    await expect.poll(() => query.getByLabel('Chosen point').textContent()).toMatch(new RegExp(`^${NEWEST}:0 `));
    expect(await query.getByRole('alert').count()).toBe(0);
    expect(await runQuery(query, COUNT_ITEMS)).toBe(`1 row as of ${NEWEST}:0`);
    expect(await query.getByRole('table', { name: 'Results' }).getByRole('cell').textContent()).toBe('35');
    // A bare frame is one of the newest generation, as a restore without --generation stands on it.
    await typePoint(query, '10');
    await expect.poll(() => query.getByLabel('Chosen point').textContent()).toMatch(new RegExp(`^${NEWEST}:8 `));
    await typePoint(query, '5');
    await expect.poll(() => query.getByLabel('Chosen point').textContent()).toMatch(new RegExp(`^${NEWEST}:0 `));
    // A time after a generation was made and before its first batch: its snapshot, as --at-time.
    await typePoint(query, '2024-10-06T12:00:27Z');
    await expect.poll(() => query.getByLabel('Chosen point').textContent()).toMatch(new RegExp(`^${SNAPSHOT_MADE}:0 `));
  });
});

describe('a point typed and refused leaves nothing run at another point (Chromium)', () => {
  const shown = folderScreen('typed-point-refused', sampleCopyIn);

  it('Run is refused while the field holds a point refused, and runs where a step stands', async () => {
    const page = shown().screen.page;
    const query = await queryRegion(page);
    await countSent(page, COUNT_ITEMS);
    await query.getByLabel('SQL').fill(COUNT_ITEMS);
    // Frame 10 is before the log's first point: the command refuses it too.
    for (const [text, code] of [
      ['10', 'FRAME_NOT_FOUND'],
      ['abc', 'INVALID_ARGUMENT'],
    ]) {
      await typePoint(query, text ?? '');
      await expect.poll(() => query.getByRole('alert').textContent()).toMatch(new RegExp(`^${code} `));
      expect(await query.getByLabel('Chosen point').textContent()).toBe(`none: "${text}" names no restore point`);
      expect(await query.getByRole('button', { name: 'Run' }).isDisabled()).toBe(true);
      await query.getByLabel('SQL').press('Control+Enter');
      expect(await query.getByRole('alert').textContent()).toMatch(new RegExp(`^${code} `));
    }
    expect(await sent(page, COUNT_ITEMS)).toBe(0);
    await screenshot(page, 'typed-point-refused');
    // A step stands at a point again, and writes it into the field: Run runs there.
    await query.getByRole('button', { name: 'Restore point: earlier point' }).click();
    const chosen = (await query.getByLabel('Chosen point').textContent()) ?? '';
    const label = chosen.replace(/ \(point .*$/, '');
    expect(await query.getByLabel('Frame or time').inputValue()).toBe(label.replace(/^frame /, ''));
    expect(await runQuery(query, COUNT_ITEMS)).toBe(`1 row as of ${label}`);
    expect(await query.getByRole('alert').count()).toBe(0);
  });

  it('a point typed and left without Enter counts when Run is pressed', async () => {
    const page = shown().screen.page;
    const query = await queryRegion(page);
    await countSent(page, COUNT_ITEMS);
    await query.getByLabel('Frame or time').fill('10');
    await query.getByLabel('SQL').fill(COUNT_ITEMS);
    await expect.poll(() => query.getByRole('alert').textContent()).toMatch(/^FRAME_NOT_FOUND /);
    await query.getByRole('button', { name: 'Run' }).click({ force: true });
    expect(await sent(page, COUNT_ITEMS)).toBe(0);
    expect(await query.getByLabel('Chosen point').textContent()).toBe('none: "10" names no restore point');
  });

  it('Show changes is refused while either picker holds a point refused', async () => {
    const page = shown().screen.page;
    await page.getByRole('tab', { name: 'Changes' }).click();
    const changes = page.getByRole('region', { name: 'Changes' });
    const to = changes.getByRole('group', { name: 'To point' });
    await expect.poll(() => to.getByLabel('Chosen point').textContent()).toMatch(/point \d+ of \d+/);
    await to.getByLabel('Frame or time').fill('10');
    await to.getByLabel('Frame or time').press('Enter');
    await expect.poll(() => changes.getByRole('alert').textContent()).toMatch(/^FRAME_NOT_FOUND /);
    expect(await changes.getByRole('button', { name: 'Show changes' }).isDisabled()).toBe(true);
    expect(await to.getByLabel('Chosen point').textContent()).toBe('none: "10" names no restore point');
  });
});
