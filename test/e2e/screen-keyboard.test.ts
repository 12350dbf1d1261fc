import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rendererDir } from '../../core/server/renderer-dir.js';
import { seriousAxeFindings } from '../support/axe.js';
import { launchChromium, screenshot } from '../support/browser.js';
import { WINDOWS, misfits } from '../support/screen-checks.js';
import { spawnServe, stopServe } from '../support/serve-process.js';

const built = existsSync(join(rendererDir(), 'index.html'));
const BIN = 'bin/segscope.cjs';

/** The focused element as a person hears it: its role (or tag) and its name. */
const FOCUSED = `(() => {
  const e = document.activeElement;
  if (!e || e === document.body) return 'nothing';
  const role = e.getAttribute('role') || e.tagName.toLowerCase();
  const label = e.labels && e.labels[0] ? e.labels[0].childNodes[0].textContent : null;
  const name = e.getAttribute('aria-label') || label || (e.textContent || '').trim();
  return role + ': ' + name.replace(/\\s+/g, ' ').slice(0, 80);
})()`;

let home: string | undefined;
let serve: ChildProcessWithoutNullStreams | undefined;
let browser: Browser | undefined;
let url = '';

// One demo and one server for every window; each walk opens its own page.
beforeAll(async () => {
  if (!built) throw new Error('the renderer is not built: run `npm run build` first (`npm test` does)');
  home = await mkdtemp(join(tmpdir(), 'segscope-keyboard-'));
  const dir = join(home, 'demo.sqld');
  await promisify(execFile)(process.execPath, [BIN, 'demo', dir]);
  ({ url } = await spawnServe(BIN, dir, { started: (child) => (serve = child) }));
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  if (serve) await stopServe(serve);
  if (home) await rm(home, { recursive: true, force: true });
});

for (const [width, height, least] of WINDOWS) {
  for (const scheme of ['dark', 'light'] as const) {
    const title = `the demo from the keyboard alone at ${width}x${height} in ${scheme}`;
    // Six walks share two cores with the server and Chromium: a step can wait on another suite under load.
    describe(`${title} (\`segscope serve\`, Chromium)`, { timeout: 120_000 }, () => walk(width, height, least, scheme));
  }
}

/** The walk, in a window of `width` x `height` whose Segments rows keep `least` px, in one colour scheme. */
function walk(width: number, height: number, least: number, scheme: 'dark' | 'light') {
  let page: Page;

  const focused = () => page.evaluate<string>(FOCUSED);
  /** Presses `key` until the focus is on what `target` names; fails after `most` presses. */
  const pressTo = async (target: RegExp, most: number, key = 'Tab') => {
    for (let n = 1; n <= most; n++) {
      await page.keyboard.press(key);
      if (target.test(await focused())) return n;
    }
    throw new Error(`${most} presses of ${key} did not reach ${String(target)}; the focus is on ${await focused()}`);
  };
  const selectedRow = () =>
    page
      .getByRole('table', { name: 'Segments' })
      .locator('[role="row"][aria-selected="true"]')
      .getAttribute('aria-rowindex');
  /**
   * At a step of the walk: a screenshot, nothing overlapping or scrolling sideways (the rows keeping
   * their room while the Segments tab shows), and axe finding nothing serious.
   */
  const checkStep = async (step: string, onSegments: boolean) => {
    await screenshot(page, `keyboard-${step}-${width}x${height}-${scheme}`);
    expect(await misfits(page, width, height, onSegments ? least : 0), step).toEqual([]);
    expect(await seriousAxeFindings(page), step).toEqual([]);
  };

  beforeAll(async () => {
    if (!browser) throw new Error('Chromium did not start');
    page = await browser.newPage({ viewport: { width, height } });
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto(url);
    await page.getByText(/^\d+ of \d+ segments/).waitFor();
  });

  afterAll(async () => {
    await page?.close();
  });

  it('starts at the commands, one toolbar walked with the arrows, and picks a namespace in Sources', async () => {
    expect(await page.evaluate(`matchMedia("(prefers-color-scheme: ${scheme})").matches`)).toBe(true);
    await checkStep('load', true);
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('button: Verify all');
    // One Tab stop for the commands: the arrows, Home and End move along them, Compare (unavailable) too.
    const toolbar = page.getByRole('toolbar', { name: 'Commands' });
    await page.keyboard.press('ArrowRight');
    expect(await focused()).toBe('button: Fetch by frame');
    await page.keyboard.press('End');
    expect(await focused()).toBe('button: Reload');
    await page.keyboard.press('ArrowLeft');
    expect(await focused()).toBe('button: Compare');
    expect(await toolbar.getByRole('button', { name: 'Compare' }).getAttribute('aria-disabled')).toBe('true');
    await page.keyboard.press('Home');
    expect(await focused()).toBe('button: Verify all');
    expect(await toolbar.locator('[tabindex="0"]').count()).toBe(1);
    // Out of the toolbar with one Tab: "Open directory…", then the first namespace.
    expect(await pressTo(/^button: analytics/, 12)).toBe(2);
    const own = /(\d+) segments/.exec(await page.evaluate<string>('document.activeElement?.textContent ?? ""'));
    await page.keyboard.press('Enter');
    const sources = page.getByRole('navigation', { name: 'Sources' });
    await expect
      .poll(() => sources.getByRole('button', { name: /^analytics/ }).getAttribute('aria-current'))
      .toBe('true');
    await expect
      .poll(() => page.getByText(/^\d+ of \d+ segments/).textContent())
      .toMatch(new RegExp(`^${own?.[1] ?? '?'} of ${own?.[1] ?? '?'} segments`));
    expect(await focused()).toMatch(/^button: analytics/);
  });

  it('moves the selection with the arrows, Home, End and PageDown; Enter goes into Details', async () => {
    // From Sources to the rows: the tabs, the timeline and its zoom, the two filters and the sort buttons as one.
    expect(await pressTo(/^rowgroup: Segment rows$/, 20)).toBeLessThanOrEqual(10);
    // No row selected yet: the rows themselves show where the focus is.
    expect(await page.evaluate('getComputedStyle(document.activeElement).outlineStyle')).not.toBe('none');
    await page.keyboard.press('ArrowDown');
    await expect.poll(selectedRow).toBe('2');
    await page.keyboard.press('End');
    const shown = /^(\d+) of/.exec((await page.getByText(/^\d+ of \d+ segments/).textContent()) ?? '');
    // The header is row 1.
    await expect.poll(selectedRow).toBe(String(Number(shown?.[1]) + 1));
    await page.keyboard.press('Home');
    await expect.poll(selectedRow).toBe('2');
    await page.keyboard.press('PageDown');
    await expect.poll(async () => Number(await selectedRow())).toBeGreaterThan(5);
    await expect.poll(() => page.getByRole('table', { name: 'Header' }).count()).toBe(1);
    await page.keyboard.press('Enter');
    expect(await focused()).toBe('group: Details of the selection');
    // Within Details, the frames list is a stop of its own.
    expect(await pressTo(/^group: Frames list$/, 4)).toBeGreaterThan(0);
    await checkStep('details', true);
    await page.keyboard.press('Escape');
    expect(await focused()).toBe('rowgroup: Segment rows');
    expect(Number(await selectedRow())).toBeGreaterThan(5);
  });

  it('runs Verify all from the toolbar, and every row says what was checked', async () => {
    expect(await pressTo(/^button: Verify all$/, 30, 'Shift+Tab')).toBeGreaterThan(0);
    await page.keyboard.press('Enter');
    // Busy, the button keeps the focus (a disabled one would drop it to the page's start).
    expect(await focused()).toBe('button: Verify all');
    const statuses = page
      .getByRole('table', { name: 'Segments' })
      .locator('[role="row"][title] [role="cell"]:last-child');
    await expect
      .poll(async () => (await statuses.allTextContents()).filter((t) => !/verified$/.test(t)), { timeout: 30_000 })
      .toEqual([]);
    await expect.poll(() => page.getByRole('button', { name: 'Verify all' }).getAttribute('aria-disabled')).toBeNull();
  });

  it('opens Query from the tabs with the arrows, and Ctrl+Enter runs the SQL', async () => {
    await pressTo(/^tab: Segments$/, 30);
    await page.keyboard.press('ArrowRight');
    expect(await focused()).toBe('tab: Query');
    await expect.poll(() => page.getByRole('tab', { name: 'Query' }).getAttribute('aria-selected')).toBe('true');
    expect(await pressTo(/^textarea: SQL/, 12)).toBeGreaterThan(0);
    // Over what a first try of this step left there, should it be retried.
    await page.keyboard.press('Control+A');
    await page.keyboard.type('SELECT count(*) AS accounts FROM accounts');
    await page.keyboard.press('Control+Enter');
    const query = page.getByRole('region', { name: 'Query' });
    await expect.poll(() => query.getByText(/^1 row as of /).count()).toBe(1);
    await expect
      .poll(() => query.getByRole('table', { name: 'Results' }).getByRole('row').nth(1).textContent())
      .toMatch(/^\d+$/);
    expect(await focused()).toMatch(/^textarea: SQL/);
    await checkStep('query', false);
  });

  it('opens Changes, steps two points back, compares them and opens a table of changed rows', async () => {
    await pressTo(/^tab: Query$/, 20, 'Shift+Tab');
    await page.keyboard.press('ArrowRight');
    expect(await focused()).toBe('tab: Changes');
    const changes = page.getByRole('region', { name: 'Changes' });
    const from = changes.getByRole('group', { name: 'From point' }).getByLabel('Chosen point');
    await expect.poll(() => from.textContent()).toMatch(/\(point \d+ of \d+\)/);
    const before = (await from.textContent()) ?? '';
    // Two points back: the step keeps the focus, so Enter steps again.
    await pressTo(/^button: From point: earlier point$/, 8);
    await page.keyboard.press('Enter');
    await expect.poll(() => from.textContent()).not.toBe(before);
    const once = (await from.textContent()) ?? '';
    expect(await focused()).toBe('button: From point: earlier point');
    await page.keyboard.press('Enter');
    await expect.poll(() => from.textContent()).not.toBe(once);
    await pressTo(/^button: Show changes$/, 8);
    await page.keyboard.press('Space');
    await expect.poll(() => changes.getByRole('status').first().textContent(), { timeout: 30_000 }).toMatch(/^from /);
    // The changed tables are rows the keyboard reaches; Enter opens one.
    await pressTo(/^tr: /, 8);
    await page.keyboard.press('Enter');
    await expect.poll(() => changes.getByRole('table', { name: /^Rows of / }).count()).toBe(1);
    await expect.poll(() => changes.getByText(/ shown · /).count()).toBe(1);
    // The changed rows are one Tab stop, its first row; the arrows step along them.
    const first = await pressTo(/^tr: (added|removed|changed) /, 8);
    expect(first).toBeGreaterThan(0);
    const row = await focused();
    await page.keyboard.press('ArrowDown');
    expect(await focused()).toMatch(/^tr: (added|removed|changed) /);
    expect(await focused()).not.toBe(row);
    await page.keyboard.press('ArrowUp');
    expect(await focused()).toBe(row);
    await checkStep('changes', false);
  });

  it('opens Remote settings with Enter: focus inside, Tab kept in, Escape closes and gives focus back', async () => {
    await pressTo(/^button: Remote settings$/, 40, 'Shift+Tab');
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Remote settings' });
    await expect.poll(() => dialog.count()).toBe(1);
    expect(await page.evaluate('document.activeElement?.closest("[role=dialog]") !== null')).toBe(true);
    await checkStep('dialog', false);
    for (let i = 0; i < 16; i++) {
      await page.keyboard.press(i % 4 === 3 ? 'Shift+Tab' : 'Tab');
      expect(await page.evaluate('document.activeElement?.closest("[role=dialog]") !== null')).toBe(true);
    }
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.count()).toBe(0);
    expect(await focused()).toBe('button: Remote settings');
  });
}
