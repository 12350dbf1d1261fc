import { readFileSync } from 'node:fs';
import { copyFile, cp, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Locator, Page, Route } from 'playwright-core';
import { beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { openLayout } from '../../core/layouts/open-layout.js';
import { pointLabel } from '../../core/model/point-label.js';
import { listPoints } from '../../core/restore/points.js';
import { sourceFromLayout } from '../../core/restore/restore-source.js';
import { Database } from '../../core/sqlite/driver.js';
import { decodeWire } from '../../core/transport/codec.js';
import { folderScreen } from '../support/demo-screen.js';
import { ENDLESS, queryChildren } from '../support/query-children.js';
import { SQLD_DEFAULT_SAMPLE } from '../support/sqld-default-sample.js';

const NAMESPACES = ['default', 'tenant-b'] as const;
type Name = (typeof NAMESPACES)[number];
const COUNT_ITEMS = 'SELECT count(*) AS n FROM items';

/** What a namespace's newest point should show: the picker's words for it, and the rows of `items` then. */
interface Expected {
  /** How the picker names the point ("WAL frame 83"): its text starts with it. */
  label: string;
  /** How many points the namespace has: the text ends "(point N of N)". */
  points: string;
  items: number;
}

/**
 * The newest point of a namespace of the sample, and `items`' row count there as SQLite itself
 * reads it from a copy of `data` and `data-wal` in `home` (the sample's newest commit is its WAL's last).
 */
async function expectedAt(home: string, root: string, name: Name): Promise<Expected> {
  const { points } = await listPoints(await sourceFromLayout(await openLayout(root), name));
  const last = points.at(-1);
  if (!last) throw new Error(`${name} has no restore point`);
  const copy = join(home, `sqlite-${name}`);
  await mkdir(copy);
  for (const file of ['data', 'data-wal']) await copyFile(join(root, 'dbs', name, file), join(copy, file));
  const db = new Database(join(copy, 'data'), { readonly: true });
  const row = db.prepare(COUNT_ITEMS).get() as { n: number };
  db.close();
  const label = pointLabel(last, (n) => n.toLocaleString('en-US'));
  return { label, points: points.length.toLocaleString('en-US'), items: row.n };
}

const namespaceButton = (page: Page, name: Name) =>
  page.getByRole('navigation', { name: 'Sources' }).getByRole('button', { name: new RegExp(`^${name}`) });

/** Chooses a namespace in Sources and waits until Sources marks it open. */
async function choose(page: Page, name: Name): Promise<void> {
  await namespaceButton(page, name).click();
  await expect.poll(() => namespaceButton(page, name).getAttribute('aria-current')).toBe('true');
}

const chosenPoint = async (picker: Locator) => (await picker.getByLabel('Chosen point').textContent()) ?? '';
const literally = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** What a picker shows when it stands at the namespace's newest point. */
const newest = (expected: Expected) =>
  new RegExp(`^${literally(expected.label)} .*\\(point ${expected.points} of ${expected.points}\\)$`);

/**
 * Runs a query in the Query region, waits for its answer, and checks that it answers as SQLite did
 * at `at`, the namespace's newest point: the status names that point and the one cell holds its count.
 */
async function expectCountAt(query: Locator, at: Expected): Promise<void> {
  await query.getByLabel('SQL').fill(COUNT_ITEMS);
  await query.getByRole('button', { name: 'Run' }).click();
  const status = query.getByRole('status').last();
  await expect.poll(() => status.textContent()).toMatch(/^1 row as of /);
  expect(await status.textContent()).toMatch(new RegExp(`^1 row as of ${literally(at.label)}$`));
  expect(await query.getByRole('table').getByRole('cell').first().textContent()).toBe(String(at.items));
}

/** CPU time, in clock ticks, the query processes of this test's server have used so far. */
function queryTicks(): number {
  let ticks = 0;
  for (const pid of queryChildren()) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // A process that ended while it was read.
    }
  }
  return ticks;
}

/** Whether a response answers the page's `/api/sql` call whose query holds `marker`. */
const sqlAnswer =
  (marker: string) =>
  (response: { url(): string; request(): { postData(): string | null } }): boolean =>
    new URL(response.url()).pathname === '/api/sql' && (response.request().postData() ?? '').includes(marker);

/** Counts to ten million: a few seconds of one core, long enough for a cancel to land while it runs. */
const SLOW =
  'WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10000000) SELECT count(*) FROM n';

/** Counts, in the page, the calls of SLOW the app has sent (fetch is called in the task of Run's click). */
const COUNT_SLOW_SENT = `(() => {
  window.slowSent = 0;
  const original = window.fetch.bind(window);
  window.fetch = (input, init) => {
    if (String(input).endsWith('/api/sql') && String(init?.body).includes('< 10000000')) window.slowSent += 1;
    return original(input, init);
  };
})()`;

/** The header holdNext marks the answers it held with, for the page to count them. */
const HELD = 'x-test-held';

/**
 * Counts, in the page, the held answers the app has read and acted on: the count goes up in a task
 * after the one that read the body, so after the app's own steps on it (its awaits, the store's
 * update and React's render, all microtasks of that task).
 */
const COUNT_HELD_READ = `(() => {
  if (window.heldRead !== undefined) return;
  window.heldRead = 0;
  const original = window.fetch.bind(window);
  window.fetch = async (input, init) => {
    const response = await original(input, init);
    if (!response.headers.has('${HELD}')) return response;
    const text = response.text.bind(response);
    response.text = async () => {
      const body = await text();
      setTimeout(() => (window.heldRead += 1));
      return body;
    };
    return response;
  };
})()`;
const heldRead = (page: Page) => page.evaluate<number>('window.heldRead');

/**
 * Holds the page's next call of `method`: the server answers it at once (`answered`, for the
 * namespace open then), and the page is handed that answer only on `release`, which resolves once
 * the app has read and acted on it.
 */
async function holdNext(
  page: Page,
  method: string,
): Promise<{ answered: Promise<void>; release: () => Promise<void> }> {
  await page.evaluate(COUNT_HELD_READ);
  const before = await heldRead(page);
  let hand: () => void = () => undefined;
  const handed = new Promise<void>((resolve) => (hand = resolve));
  let answer: () => void = () => undefined;
  const answered = new Promise<void>((resolve) => (answer = resolve));
  const hold = async (route: Route) => {
    const response = await route.fetch();
    answer();
    await handed;
    await route.fulfill({ response, headers: { ...response.headers(), [HELD]: '1' } });
  };
  await page.route(`**/api/${method}`, hold, { times: 1 });
  return {
    answered,
    release: async () => {
      hand();
      await expect.poll(() => heldRead(page)).toBe(before + 1);
    },
  };
}

describe('the Query and Changes tabs follow the namespace chosen while they show (Chromium)', () => {
  const shown = folderScreen('time-travel-namespace', async (home) => {
    const root = join(home, 'data.sqld');
    await cp(SQLD_DEFAULT_SAMPLE, root, { recursive: true });
    return root;
  });
  const expected = {} as Record<Name, Expected>;
  beforeAll(async () => {
    const { home, root } = shown();
    for (const name of NAMESPACES) expected[name] = await expectedAt(home, root, name);
    // The test means something only if the two namespaces differ in what it looks at.
    expect(expected.default.label).not.toBe(expected['tenant-b'].label);
    expect(expected.default.items).not.toBe(expected['tenant-b'].items);
  });

  it("Query: the picker holds the new namespace's points, and a query answers from it", async () => {
    const page = shown().screen.page;
    await page.getByRole('tab', { name: 'Query' }).click();
    const query = page.getByRole('region', { name: 'Query' });
    const picker = query.getByRole('group', { name: 'Restore point' });
    await expect.poll(() => chosenPoint(picker)).toMatch(newest(expected.default));
    await choose(page, 'tenant-b');
    await expect.poll(() => chosenPoint(picker)).toMatch(newest(expected['tenant-b']));
    await expectCountAt(query, expected['tenant-b']);
  });

  it("Changes: both pickers hold the new namespace's points", async () => {
    const page = shown().screen.page;
    await page.getByRole('tab', { name: 'Changes' }).click();
    const changes = page.getByRole('region', { name: 'Changes' });
    const to = changes.getByRole('group', { name: 'To point' });
    await expect.poll(() => chosenPoint(to)).toMatch(newest(expected['tenant-b']));
    await choose(page, 'default');
    await expect.poll(() => chosenPoint(to)).toMatch(newest(expected.default));
    const from = await chosenPoint(changes.getByRole('group', { name: 'From point' }));
    expect(from).toMatch(new RegExp(`\\(point [0-9,]+ of ${expected.default.points}\\)$`));
  });

  it('the points of the namespace left behind, answered late, do not land on the new one', async () => {
    const page = shown().screen.page;
    await page.getByRole('tab', { name: 'Segments' }).click();
    await choose(page, 'tenant-b');
    const late = await holdNext(page, 'points');
    await page.getByRole('tab', { name: 'Query' }).click();
    await late.answered;
    // tenant-b's points are in hand; default is chosen before they reach the page.
    await choose(page, 'default');
    const query = page.getByRole('region', { name: 'Query' });
    const picker = query.getByRole('group', { name: 'Restore point' });
    await expect.poll(() => chosenPoint(picker)).toMatch(newest(expected.default));
    await late.release();
    expect(await chosenPoint(picker)).toMatch(newest(expected.default));
    await expectCountAt(query, expected.default);
  });

  it("a query's rows asked for in the namespace left behind, answered late, are not shown on the new one", async () => {
    const page = shown().screen.page;
    const query = page.getByRole('region', { name: 'Query' });
    const late = await holdNext(page, 'sql');
    await query.getByLabel('SQL').fill(COUNT_ITEMS);
    await query.getByRole('button', { name: 'Run' }).click();
    await late.answered;
    await choose(page, 'tenant-b');
    await expect
      .poll(() => chosenPoint(query.getByRole('group', { name: 'Restore point' })))
      .toMatch(newest(expected['tenant-b']));
    await late.release();
    expect(await query.getByRole('status').last().textContent()).toBe('');
    expect(await query.getByRole('table').count()).toBe(0);
    // Nothing is left running: a query runs, and answers from tenant-b's newest point.
    await expectCountAt(query, expected['tenant-b']);
  });

  it('the query left running in the namespace left behind ends on the server, not only its answer', async () => {
    const page = shown().screen.page;
    await page.getByRole('tab', { name: 'Query' }).click();
    const query = page.getByRole('region', { name: 'Query' });
    const cancels: string[] = [];
    page.on('request', (request) => {
      if (new URL(request.url()).pathname === '/api/cancelQuery') cancels.push(request.url());
    });
    const before = queryTicks();
    await query.getByLabel('SQL').fill(ENDLESS);
    // Long enough for the server's own time limit (30 s), which ends the query without a cancel.
    const endless = page.waitForResponse(sqlAnswer('RECURSIVE'), { timeout: 50_000 });
    await query.getByRole('button', { name: 'Run' }).click();
    // The server is at work on it: its query process (a child of this test's process) spends CPU.
    await expect.poll(queryTicks).toBeGreaterThan(before + 20);
    await choose(page, 'default');
    // Ended by the cancel, not by the time limit (QUERY_TIMEOUT), which is where it ends without one.
    expect(decodeWire(await (await endless).text())).toMatchObject({ error: { code: 'CANCELLED' } });
    expect(cancels).toHaveLength(1);
    expect(queryChildren()).toEqual([]);
    await expectCountAt(query, expected.default);
  });

  it("a query run after the Cancel button's cancel is not ended by that cancel arriving late", async () => {
    const page = shown().screen.page;
    await page.getByRole('tab', { name: 'Query' }).click();
    const query = page.getByRole('region', { name: 'Query' });
    await page.evaluate(COUNT_SLOW_SENT);
    // The Cancel's request is held on its way to the server until the test lets it go. The route
    // stays until the end: with no route left, Chromium stops intercepting and lets a held request go.
    let seen: () => void = () => undefined;
    const cancelSeen = new Promise<void>((resolve) => (seen = resolve));
    let letGo: () => void = () => undefined;
    const cancelLetGo = new Promise<void>((resolve) => (letGo = resolve));
    const holdCancel = async (route: Route) => {
      seen();
      await cancelLetGo;
      await route.continue();
    };
    await page.route('**/api/cancelQuery', holdCancel);
    onTestFinished(() => page.unroute('**/api/cancelQuery', holdCancel));
    // A query is running when Cancel is pressed, and its rows come before the cancel is answered.
    const first = await holdNext(page, 'sql');
    await query.getByLabel('SQL').fill(COUNT_ITEMS);
    await query.getByRole('button', { name: 'Run' }).click();
    await first.answered;
    await query.getByRole('button', { name: 'Cancel' }).click();
    await cancelSeen;
    // Its tables' names are asked for next: they are answered before the next query is held.
    const tables = page.waitForResponse(sqlAnswer('sqlite_schema'));
    await first.release();
    await tables;
    // Run is pressed again while the cancel has still not reached the server.
    const second = await holdNext(page, 'sql');
    const answer = page.waitForResponse(sqlAnswer('< 10000000'), { timeout: 50_000 });
    await query.getByLabel('SQL').fill(SLOW);
    const before = queryTicks();
    await query.getByRole('button', { name: 'Run' }).click();
    // A query sent at once is let run on the server (its query process spends CPU) before the cancel
    // goes on, so that cancel lands on it; a query that waits for the cancel is not sent until then.
    if (await page.evaluate<number>('window.slowSent')) await expect.poll(queryTicks).toBeGreaterThan(before + 20);
    letGo();
    await second.answered;
    const whileHeld = await query.getByRole('status').last().textContent();
    await second.release();
    expect(decodeWire(await (await answer).text())).toMatchObject({ result: { rows: [[10_000_000n]] } });
    // The cancel's answer came before this query's: the query was still shown running.
    expect(whileHeld).toBe('Running…');
    await expect.poll(() => query.getByRole('status').last().textContent()).toMatch(/^1 row as of /);
  });
});
