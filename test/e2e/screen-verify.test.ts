import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rendererDir } from '../../core/server/renderer-dir.js';
import { launchChromium } from '../support/browser.js';
import { spawnServe, stopServe } from '../support/serve-process.js';
import { writeSegmentDir } from '../support/segments.js';

const built = existsSync(join(rendererDir(), 'index.html'));
const BIN = 'bin/segscope.cjs';
/** Enough one-page segments that Verify all is in several calls and lasts long enough to cancel. */
const SEGMENTS = 6000;

/** CPU time (all threads) process `pid` spends over `ms` of wall time, in ms (Linux's clock ticks). */
async function cpuOver(pid: number, ms: number): Promise<number> {
  const ticks = () => {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return Number(fields[11]) + Number(fields[12]);
  };
  const before = ticks();
  await new Promise((done) => setTimeout(done, ms));
  return (ticks() - before) * 10;
}

describe('Verify all in calls under way at once, and its Cancel (`segscope serve`, Chromium)', () => {
  let home: string | undefined;
  let serve: ChildProcessWithoutNullStreams | undefined;
  let browser: Browser | undefined;
  let page: Page;

  const statuses = () =>
    page
      .getByRole('table', { name: 'Segments' })
      .locator('[role="row"][title] [role="cell"]:last-child')
      .allTextContents();
  /** The statuses of the rows in view at the table's end (the last files a verify reaches). */
  const lastStatuses = async () => {
    await page.getByRole('rowgroup', { name: 'Segment rows' }).press('End');
    const table = page.getByRole('table', { name: 'Segments' });
    await table.locator(`[role="row"][aria-rowindex="${SEGMENTS + 1}"]`).waitFor();
    return statuses();
  };

  beforeAll(async () => {
    if (!built) throw new Error('the renderer is not built: run `npm run build` first (`npm test` does)');
    home = await mkdtemp(join(tmpdir(), 'segscope-screen-verify-'));
    await writeSegmentDir(
      home,
      Array.from({ length: SEGMENTS }, (_, i) => ({ start: BigInt(i * 2 + 1), end: BigInt(i * 2 + 2), pages: [1] })),
    );
    const { url } = await spawnServe(BIN, home, { started: (child) => (serve = child) });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(url);
    const total = SEGMENTS.toLocaleString('en');
    await page.getByText(`${total} of ${total} segments`).waitFor({ timeout: 60_000 });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    if (serve) await stopServe(serve);
    if (home) await rm(home, { recursive: true, force: true });
  });

  it('Cancel ends every call under way and sends no more: the server idles, unchecked rows say so', async () => {
    // What the server answered each verify call.
    const answers: Promise<string>[] = [];
    page.on('request', (request) => {
      if (!request.url().endsWith('/api/verify')) return;
      const answer = request.response().then(async (response) => (response ? await response.text() : 'none'));
      answers.push(answer.catch(() => 'failed'));
    });
    // When each call started and when Cancel had run, on the page's own clock: a call the page
    // started while the test's click was still on its way is not one sent after Cancel. The click is
    // timed where it ends, on window, after the app's own handler (on its root, below window) ran.
    await page.evaluate(`(() => {
      window.verifyStarts = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) if (e.name.endsWith('/api/verify')) window.verifyStarts.push(e.startTime);
      }).observe({ type: 'resource' });
      window.addEventListener('click', (e) => {
        if (e.target.closest('button[aria-label="Cancel verifying segments"]')) window.cancelledAt = performance.now();
      });
    })()`);
    await page.getByRole('button', { name: 'Verify all' }).click();
    const task = page.getByRole('progressbar', { name: 'Verifying segments' });
    // Two calls under way at once: then Cancel.
    await expect.poll(() => answers.length, { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
    // Dispatched at once rather than clicked with the pointer, whose checks wait for the button to
    // hold still over two animation frames: on a loaded machine the whole verify (about 2 s here)
    // ended during them, the button left with it, and there was nothing left to cancel.
    await page.getByRole('button', { name: 'Cancel verifying segments' }).dispatchEvent('click');
    await task.waitFor({ state: 'detached', timeout: 5_000 });
    // No call left checking: the server is all but idle, and a call under way answered CANCELLED.
    expect(await cpuOver(serve?.pid ?? 0, 600)).toBeLessThan(250);
    const answered = await Promise.all(answers);
    expect(answered.some((a) => a.includes('"CANCELLED"'))).toBe(true);
    // Every call the page made is timed (each has answered), and none started after Cancel ran.
    await expect
      .poll(() => page.evaluate<number>('window.verifyStarts.length'), { timeout: 5_000 })
      .toBe(answered.length);
    const late = await page.evaluate<number[]>('window.verifyStarts.filter((start) => start > window.cancelledAt)');
    expect(await page.evaluate<string>('typeof window.cancelledAt')).toBe('number');
    expect(late).toEqual([]);
    page.removeAllListeners('request');
    await page.getByText('Ready', { exact: true }).waitFor({ timeout: 5_000 });
    // Files the verify never reached keep what their header said.
    expect(new Set(await lastStatuses())).toEqual(new Set(['header ok']));
  });

  it('a Verify all after it runs whole, the last rows included', async () => {
    await page.getByRole('rowgroup', { name: 'Segment rows' }).press('Home');
    await page.getByRole('button', { name: 'Verify all' }).click();
    const task = page.getByRole('progressbar', { name: 'Verifying segments' });
    await task.waitFor({ state: 'attached', timeout: 10_000 });
    await task.waitFor({ state: 'detached', timeout: 120_000 });
    await page.getByText('Ready', { exact: true }).waitFor({ timeout: 10_000 });
    expect(new Set(await statuses())).toEqual(new Set(['verified']));
    expect(new Set(await lastStatuses())).toEqual(new Set(['verified']));
  });
});
