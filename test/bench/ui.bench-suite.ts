import { type ChildProcessWithoutNullStreams, execFile } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { promisify } from 'node:util';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../support/browser.js';
import { spawnServe, stopServe } from '../support/serve-process.js';
import { COMMAND_ENV, SEGSCOPE } from './command-env.js';
import { type BenchSuite, type Measurement, median, medianMs, timeMs } from './harness.js';
import { buildSegmentDir } from './segment-dir-fixture.js';

/** A `segscope serve` started, once it is: ended however the measurement ends. */
interface Served {
  child?: ChildProcessWithoutNullStreams;
}

const SEGMENTS = 100_000;
/** The namespace "Verify all" is timed on, against `segscope verify` of it. */
const VERIFIED = 10_000;

/**
 * Runs in the page (hence a string: Node's types have no DOM): scrolls the segments table top to
 * bottom, one step a frame, and returns every frame's duration in milliseconds.
 */
const SCROLL_SCRIPT = `(async () => {
  const body = document.querySelector('[aria-label="Segment rows"]');
  const steps = 200;
  const step = (body.scrollHeight - body.clientHeight) / steps;
  const frames = [];
  let last = performance.now();
  for (let i = 1; i <= steps; i++) {
    body.scrollTop = step * i;
    await new Promise((resolve) => requestAnimationFrame(resolve));
    const now = performance.now();
    frames.push(now - last);
    last = now;
  }
  return frames;
})()`;

/**
 * Runs in the page: zooms the timeline in eight steps from the keyboard, then out again, and
 * returns each step's time from the key to the frame after its redraw, in milliseconds.
 */
const ZOOM_SCRIPT = `(async () => {
  const canvas = document.querySelector('canvas[aria-label^="Timeline"]');
  canvas.focus();
  const frame = () => new Promise((resolve) => requestAnimationFrame(() => resolve()));
  const times = [];
  for (const key of ['+', '+', '+', '+', '+', '+', '+', '+', '-', '-', '-', '-', '-', '-', '-', '-']) {
    await frame();
    const start = performance.now();
    canvas.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }));
    await frame();
    times.push(performance.now() - start);
  }
  return times;
})()`;

/**
 * Runs in the page before the click: `window.verifyAllMs` resolves with the milliseconds from the
 * click (its event, as the page gets it) to the first frame drawn after the "Verifying segments"
 * task left the status bar. Timed in the page because Playwright's own wait looks every 500 ms once
 * it has waited a while, which added up to half a second to a figure of about two.
 */
const VERIFY_ALL_SCRIPT = `window.verifyAllMs = new Promise((resolve, reject) => {
  setTimeout(() => reject(new Error('Verify all did not end within 5 minutes')), 300000);
  let clicked = 0;
  let shown = false;
  document.addEventListener('click', () => { clicked ||= performance.now(); }, { capture: true });
  const task = () => document.querySelector('[role="progressbar"][aria-label="Verifying segments"]');
  const observer = new MutationObserver(() => {
    if (task()) shown = true;
    else if (shown && clicked) {
      observer.disconnect();
      requestAnimationFrame(() => resolve(performance.now() - clicked));
    }
  });
  observer.observe(document.body, { subtree: true, childList: true });
}); 0`;

export const uiSuite: BenchSuite = {
  name: 'ui',
  async run(record) {
    const { prefix } = await buildSegmentDir(SEGMENTS);
    const browser = await launchChromium();
    const served: Served = {};
    try {
      const listMs = await medianMs(3, () =>
        promisify(execFile)(SEGSCOPE, ['list', prefix, '--json'], { maxBuffer: 1 << 30, env: COMMAND_ENV }),
      );
      // The command an operator runs, in a process of its own: its progress events and its CPU are theirs.
      const server = await spawnServe(SEGSCOPE, prefix, { env: COMMAND_ENV, started: (c) => (served.child = c) });
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      const opened = performance.now();
      await page.goto(server.url);
      await page.getByRole('table', { name: 'Segments' }).getByRole('row').nth(1).waitFor();
      const firstRowsMs = performance.now() - opened;
      // The first rows come while the rest is read; the scroll below needs every row.
      const total = SEGMENTS.toLocaleString('en');
      await page.getByText(`${total} of ${total} segments`).waitFor({ timeout: 60_000 });
      const allRowsMs = performance.now() - opened;
      record({
        what: `browser mode: open ${SEGMENTS.toLocaleString('en')} segments until the table shows its first rows`,
        value: firstRowsMs,
        unit: 'ms',
        baseline: { what: '`segscope list --json` on the same directory', value: listMs },
        ratio: { value: firstRowsMs / listMs, meaning: 'of the list command' },
        target: { text: '<= 1.2x', met: firstRowsMs <= 1.2 * listMs },
      });
      record({
        what: `browser mode: open ${SEGMENTS.toLocaleString('en')} segments until the table holds every row`,
        value: allRowsMs,
        unit: 'ms',
        baseline: { what: '`segscope list --json` on the same directory', value: listMs },
        ratio: { value: allRowsMs / listMs, meaning: 'of the list command' },
      });
      const frames = await page.evaluate<number[]>(SCROLL_SCRIPT);
      const sorted = [...frames].sort((a, b) => a - b);
      const worst = sorted.at(-1) ?? Number.NaN;
      // Where the slowest frame fell and how far it stands from the next: one late frame at the start
      // (work left from loading) or one alone mid-scroll (a pause from outside) reads apart from many.
      const next = (sorted.at(-2) ?? Number.NaN).toFixed(1);
      record({
        what: `full scroll top to bottom (${frames.length} frames): slowest frame`,
        value: worst,
        unit: 'ms',
        baseline: {
          what: `median frame (the slowest was frame ${frames.indexOf(worst) + 1}; the next slowest ${next} ms)`,
          value: sorted[Math.floor(sorted.length / 2)] ?? Number.NaN,
        },
        target: { text: 'no frame over 50 ms', met: worst <= 50 },
      });
      const zooms = await page.evaluate<number[]>(ZOOM_SCRIPT);
      const zoomSorted = [...zooms].sort((a, b) => a - b);
      const slowestZoom = zoomSorted.at(-1) ?? Number.NaN;
      record({
        what:
          `timeline zoom at ${SEGMENTS.toLocaleString('en')} segments ` +
          `(${zooms.length} steps, in and out): slowest key to redrawn frame`,
        value: slowestZoom,
        unit: 'ms',
        baseline: { what: 'median step', value: zoomSorted[Math.floor(zoomSorted.length / 2)] ?? Number.NaN },
        target: { text: 'redraw within 50 ms', met: slowestZoom <= 50 },
      });
      await stopServe(server.child);
      await verifyAllRow(browser, record);
    } finally {
      if (served.child) await stopServe(served.child);
      await browser.close();
      await rm(prefix, { recursive: true, force: true });
    }
  },
};

/** `segscope verify` of a folder, whether or not it finds a problem (exit 1 is a finding, not a failure). */
async function verifyCommand(prefix: string): Promise<void> {
  await promisify(execFile)(SEGSCOPE, ['verify', prefix], { maxBuffer: 1 << 30, env: COMMAND_ENV }).catch(
    (error: unknown) => {
      if ((error as { code?: unknown }).code !== 1) throw error;
    },
  );
}

/**
 * One cold "Verify all" in the app: a fresh `segscope serve` and page, timed in the page from the
 * click to the frame after its task left the status bar; then the first and last rows must read
 * "verified" (a warning may follow), or the figure does not stand.
 */
async function verifyAllOnce(browser: Browser, prefix: string): Promise<number> {
  const served: Served = {};
  try {
    const server = await spawnServe(SEGSCOPE, prefix, { env: COMMAND_ENV, started: (c) => (served.child = c) });
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(server.url);
    const total = VERIFIED.toLocaleString('en');
    await page.getByText(`${total} of ${total} segments`).waitFor({ timeout: 60_000 });
    await page.evaluate(VERIFY_ALL_SCRIPT);
    await page.getByRole('button', { name: 'Verify all' }).click();
    const appMs = await page.evaluate<number>('window.verifyAllMs');
    await page.getByText('Ready', { exact: true }).waitFor({ timeout: 10_000 });
    const table = page.getByRole('table', { name: 'Segments' });
    const statuses = table.locator('[role="row"][title] [role="cell"]:last-child');
    const first = await statuses.allTextContents();
    await page.getByRole('rowgroup', { name: 'Segment rows' }).press('End');
    await table.locator(`[role="row"][aria-rowindex="${VERIFIED + 1}"]`).waitFor();
    const unchecked = [...first, ...(await statuses.allTextContents())].filter((t) => !t.startsWith('verified'));
    if (first.length === 0 || unchecked.length > 0) throw new Error(`Verify all left rows unchecked: ${unchecked[0]}`);
    await page.close();
    return appMs;
  } finally {
    if (served.child) await stopServe(served.child);
  }
}

/**
 * "Verify all" in the app against the command, in turns (command, app, command, …) so a burst of
 * load lands on both alike; each a cold start, as an operator's first Verify all is; medians of 3.
 */
async function verifyAllRow(browser: Browser, record: (m: Omit<Measurement, 'suite'>) => void): Promise<void> {
  const { prefix } = await buildSegmentDir(VERIFIED);
  try {
    const commandRuns: number[] = [];
    const appRuns: number[] = [];
    for (let i = 0; i < 3; i++) {
      commandRuns.push(await timeMs(() => verifyCommand(prefix)));
      appRuns.push(await verifyAllOnce(browser, prefix));
    }
    const commandMs = median(commandRuns);
    const appMs = median(appRuns);
    record({
      what:
        `"Verify all" of ${VERIFIED.toLocaleString('en')} segments in the app: click until every status is ` +
        'filled in (timed in the page; a fresh `segscope serve` each time, median of 3)',
      value: appMs,
      unit: 'ms',
      baseline: { what: '`segscope verify` of the same folder (median of 3, in turns with the app)', value: commandMs },
      ratio: { value: appMs / commandMs, meaning: 'of the verify command' },
      target: { text: '<= 1.2x', met: appMs <= 1.2 * commandMs },
    });
  } finally {
    await rm(prefix, { recursive: true, force: true });
  }
}
