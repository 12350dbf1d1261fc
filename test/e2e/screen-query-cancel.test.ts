import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { decodeWire } from '../../core/transport/codec.js';
import { folderScreen } from '../support/demo-screen.js';
import { countSent, holdCalls, holdNext, sent, sqlAnswer } from '../support/held-calls.js';
import { ENDLESS, queryTicks } from '../support/query-children.js';
import { sampleCopyIn } from '../support/sqld-default-sample.js';

const COUNT_ITEMS = 'SELECT count(*) AS n FROM items';
/** Counts to ten million: a few seconds of one core, long enough for a cancel to land while it runs. */
const SLOW =
  'WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10000000) SELECT count(*) FROM n';
const SLOW_MARK = '< 10000000';
/** What the app asks, after a query's rows, for the names of the tables at its point. */
const TABLE_NAMES = 'sqlite_schema';

/** The page loaded again, with nothing read yet but its listing. */
async function reload(page: Page) {
  await page.reload();
  await page.getByText(/^\d+ of \d+ segments/).waitFor();
}

/** The Query region, shown. */
async function queryRegion(page: Page) {
  await page.getByRole('tab', { name: 'Query' }).click();
  const query = page.getByRole('region', { name: 'Query' });
  await expect.poll(() => query.getByLabel('Chosen point').textContent()).toMatch(/point \d+ of \d+/);
  return query;
}

/**
 * A query runs and Cancel is pressed, and the query's rows reach the page while the cancel is held on
 * its way to the server; the cancel goes on at the returned `letGo`.
 */
async function rowsBeforeCancel(page: Page, query: Locator): Promise<() => void> {
  const cancel = await holdCalls(page, 'cancelQuery');
  const first = await holdNext(page, 'sql', COUNT_ITEMS);
  await query.getByLabel('SQL').fill(COUNT_ITEMS);
  await query.getByRole('button', { name: 'Run' }).click();
  await first.answered;
  await query.getByRole('button', { name: 'Cancel' }).click();
  await cancel.seen;
  await first.release();
  return cancel.letGo;
}

describe("the Query region's Cancel ends only the query it was pressed for (Chromium)", () => {
  const shown = folderScreen('query-cancel', sampleCopyIn);

  it('Ctrl+Enter pressed while the restore points are read runs the query once they are in', async () => {
    const page = shown().screen.page;
    // A fresh page, whose points are not read until the Query tab opens (also on a retry).
    await reload(page);
    const points = await holdNext(page, 'points');
    await countSent(page, COUNT_ITEMS);
    await page.getByRole('tab', { name: 'Query' }).click();
    const query = page.getByRole('region', { name: 'Query' });
    await points.answered;
    await query.getByLabel('SQL').fill(COUNT_ITEMS);
    await query.getByLabel('SQL').press('Control+Enter');
    // It waits for a point to stand on: shown running, and not sent without one.
    await expect.poll(() => query.getByRole('status').last().textContent()).toBe('Running…');
    expect(await sent(page, COUNT_ITEMS)).toBe(0);
    await points.release();
    await expect.poll(() => query.getByRole('status').last().textContent()).toMatch(/^1 row as of /);
    expect(await sent(page, COUNT_ITEMS)).toBe(1);
    expect(await query.getByLabel('Chosen point').textContent()).toMatch(/\(point (\d+) of \1\)/);
  });

  it('a query run as the screen opens, before its namespaces are read, keeps its rows when they come', async () => {
    const page = shown().screen.page;
    const namespaces = await holdCalls(page, 'namespaces');
    let pointsAsked = 0;
    page.on('request', (request) => {
      if (new URL(request.url()).pathname === '/api/points') pointsAsked += 1;
    });
    await reload(page);
    await countSent(page, COUNT_ITEMS);
    const query = await queryRegion(page);
    await query.getByLabel('SQL').fill(COUNT_ITEMS);
    await query.getByLabel('SQL').press('Control+Enter');
    await expect.poll(() => query.getByRole('status').last().textContent()).toMatch(/^1 row as of /);
    // Sources shows the namespaces' kinds once they are read: the namespace on screen is the same one.
    namespaces.letGo();
    await page
      .getByRole('navigation', { name: 'Sources' })
      .getByText('default mode (replication log)')
      .first()
      .waitFor();
    expect(await query.getByRole('status').last().textContent()).toMatch(/^1 row as of /);
    expect(await sent(page, COUNT_ITEMS)).toBe(1);
    expect(pointsAsked).toBe(1);
  });

  it("a query run after the Cancel button's cancel is not ended by that cancel arriving late", async () => {
    const page = shown().screen.page;
    const query = await queryRegion(page);
    await countSent(page, SLOW_MARK);
    const letGo = await rowsBeforeCancel(page, query);
    // Run is pressed again while the cancel has still not reached the server.
    const second = await holdNext(page, 'sql', SLOW_MARK);
    await query.getByLabel('SQL').fill(SLOW);
    const before = queryTicks();
    await query.getByRole('button', { name: 'Run' }).click();
    // A query sent at once is let run on the server (its query process spends CPU) before the cancel
    // goes on, so that cancel lands on it; a query that waits for the cancel is not sent until then.
    if (await sent(page, SLOW_MARK)) await expect.poll(queryTicks).toBeGreaterThan(before + 20);
    letGo();
    await second.answered;
    const whileHeld = await query.getByRole('status').last().textContent();
    const answer = page.waitForResponse(sqlAnswer(SLOW_MARK));
    await second.release();
    expect(decodeWire(await (await answer).text())).toMatchObject({ result: { rows: [[10_000_000n]] } });
    // The cancel's answer came before this query's: the query was still shown running.
    expect(whileHeld).toBe('Running…');
    await expect.poll(() => query.getByRole('status').last().textContent()).toMatch(/^1 row as of /);
  });

  it("a query's table names are asked for only once a Cancel on its way has been answered", async () => {
    const page = shown().screen.page;
    const query = await queryRegion(page);
    await countSent(page, TABLE_NAMES);
    const letGo = await rowsBeforeCancel(page, query);
    // The rows are shown; the names of the tables at their point wait for the cancel.
    expect(await query.getByRole('status').last().textContent()).toMatch(/^1 row as of /);
    expect(await sent(page, TABLE_NAMES)).toBe(0);
    const names = page.waitForResponse(sqlAnswer(TABLE_NAMES));
    letGo();
    expect(decodeWire(await (await names).text())).toMatchObject({
      result: { rows: expect.arrayContaining([['items']]) },
    });
    await expect
      .poll(() => query.getByRole('group', { name: 'Tables at this point' }).getByRole('button').allTextContents())
      .toContain('items');
    expect(await query.getByRole('alert').count()).toBe(0);
  });

  it("a cancelled query's answer, come after Run was pressed again, is not shown for the new query", async () => {
    const page = shown().screen.page;
    const query = await queryRegion(page);
    const status = query.getByRole('status').last();
    const cancelled = await holdNext(page, 'sql', ENDLESS);
    const before = queryTicks();
    await query.getByLabel('SQL').fill(ENDLESS);
    await query.getByRole('button', { name: 'Run' }).click();
    // The server is at work on it when Cancel is pressed, so the cancel ends it.
    await expect.poll(queryTicks).toBeGreaterThan(before + 20);
    await query.getByRole('button', { name: 'Cancel' }).click();
    // The server has answered the query (CANCELLED), and the cancel; the page has the cancel's answer only.
    await cancelled.answered;
    await expect.poll(() => status.textContent()).not.toBe('Running…');
    const next = await holdNext(page, 'sql', COUNT_ITEMS);
    await query.getByLabel('SQL').fill(COUNT_ITEMS);
    await query.getByRole('button', { name: 'Run' }).click();
    await next.answered;
    const cancelledAnswer = page.waitForResponse(sqlAnswer(ENDLESS));
    await cancelled.release();
    expect(decodeWire(await (await cancelledAnswer).text())).toMatchObject({ error: { code: 'CANCELLED' } });
    // The old query's end is not this one's: it is still running, with no error under it.
    expect(await status.textContent()).toBe('Running…');
    expect(await query.getByRole('alert').count()).toBe(0);
    const nextAnswer = page.waitForResponse(sqlAnswer(COUNT_ITEMS));
    await next.release();
    const { result } = decodeWire(await (await nextAnswer).text()) as { result: { rows: [[bigint]] } };
    await expect.poll(() => status.textContent()).toMatch(/^1 row as of /);
    expect(await query.getByRole('table').getByRole('cell').first().textContent()).toBe(String(result.rows[0][0]));
    expect(await query.getByRole('alert').count()).toBe(0);
  });
});
