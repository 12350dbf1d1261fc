import { copyFile, cp, mkdir, mkdtemp } from 'node:fs/promises';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { openLayout } from '../../core/layouts/open-layout.js';
import { pointLabel } from '../../core/model/point-label.js';
import { listPoints } from '../../core/restore/points.js';
import { restoreDatabase } from '../../core/restore/restore.js';
import { sourceFromLayout } from '../../core/restore/restore-source.js';
import { Database } from '../../core/sqlite/driver.js';
import { decodeWire } from '../../core/transport/codec.js';
import { runCli } from '../support/cli.js';
import { folderScreen } from '../support/demo-screen.js';
import { holdNext, sqlAnswer } from '../support/held-calls.js';
import { ENDLESS, queryChildren, queryTicks } from '../support/query-children.js';
import { SQLD_DEFAULT_SAMPLE } from '../support/sqld-default-sample.js';

const NAMESPACES = ['default', 'tenant-b'] as const;
type Name = (typeof NAMESPACES)[number];
const COUNT_ITEMS = 'SELECT count(*) AS n FROM items';

/** What a namespace's newest point should show: the picker's words for it, and the rows of `items` then. */
interface Expected {
  /** How the picker names the point ("wal:83"): its text starts with it. */
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

/** Types a point into a picker as an operator does (a frame, wal:N or a time) and waits for it to stand there. */
async function standAt(picker: Locator, typed: string, shown: RegExp): Promise<void> {
  await picker.getByLabel('Frame or time').fill(typed);
  await picker.getByLabel('Frame or time').press('Enter');
  await expect.poll(() => chosenPoint(picker)).toMatch(shown);
}

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

  it('a typed number is a frame of the log and wal:N a commit of the WAL file, as --at-frame reads them', async () => {
    const { screen, root } = shown();
    const { points } = await listPoints(await sourceFromLayout(await openLayout(root), 'default'));
    const log = points.filter((p) => p.walFrame === undefined).at(-1);
    const wal = points.find((p) => p.walFrame !== undefined);
    if (!log || wal?.walFrame === undefined) throw new Error('the sample has points of the log and of the WAL file');
    // The WAL file's points carry the log's newest frame as well: a number alone must not reach them.
    expect(wal.frameNo).toBe(log.frameNo);
    await choose(screen.page, 'default');
    await screen.page.getByRole('tab', { name: 'Query' }).click();
    const picker = screen.page.getByRole('region', { name: 'Query' }).getByRole('group', { name: 'Restore point' });
    const label = (p: typeof log) => new RegExp(`^${literally(pointLabel(p, (n) => n.toLocaleString('en-US')))} `);
    for (const [typed, point] of [
      [String(log.frameNo), log],
      [`wal:${wal.walFrame}`, wal],
    ] as const) {
      await standAt(picker, typed, label(point));
    }
  });

  it('a typed frame no point is at or before is refused in the words sql --at-frame uses, whole', async () => {
    const { screen, root } = shown();
    const cli = await runCli(['sql', root, '--namespace', 'tenant-b', 'SELECT 1', '--at-frame', '20']);
    const refusal = /^segscope: (FRAME_NOT_FOUND): (.*)\n$/.exec(cli.err);
    // The command names data-wal's points beside the log's: the screen must say all of it.
    expect(refusal?.[2]).toContain('if wal:20 was meant, wal:16 and wal:26 are its nearest');
    await choose(screen.page, 'tenant-b');
    await screen.page.getByRole('tab', { name: 'Query' }).click();
    const query = screen.page.getByRole('region', { name: 'Query' });
    const picker = query.getByRole('group', { name: 'Restore point' });
    await picker.getByLabel('Frame or time').fill('20');
    await picker.getByLabel('Frame or time').press('Enter');
    const alert = query.getByRole('alert');
    await expect.poll(() => alert.textContent()).toBe(`${refusal?.[1]} ${refusal?.[2]}`);
    // One of the points it names stands, and the refusal goes.
    await standAt(picker, 'wal:16', /^wal:16 /);
    await expect.poll(() => alert.count()).toBe(0);
  });

  it('a query and a diff on snapshot frames no checksum covers say how many pages; the newest none', async () => {
    const { screen, root, home } = shown();
    const source = await sourceFromLayout(await openLayout(root), 'tenant-b');
    const { unprovenPages } = await restoreDatabase(source, {
      out: join(await mkdtemp(join(home, 'at-73-')), 'at-73.db'),
      untilFrameNo: 73n,
      allowGaps: false,
      durable: false,
    });
    if (!unprovenPages) throw new Error("the sample's point 73 stands on snapshot frames no checksum covers");
    await choose(screen.page, 'tenant-b');
    await screen.page.getByRole('tab', { name: 'Query' }).click();
    const query = screen.page.getByRole('region', { name: 'Query' });
    const picker = query.getByRole('group', { name: 'Restore point' });
    await standAt(picker, '73', /^frame 73 /);
    await query.getByLabel('SQL').fill(COUNT_ITEMS);
    await query.getByRole('button', { name: 'Run' }).click();
    // The status says what it said before; the note under it is the command's warning line.
    await expect.poll(() => query.getByRole('status').last().textContent()).toBe('1 row as of frame 73');
    expect(await query.getByRole('note').textContent()).toBe(
      `warning UNPROVEN_FRAMES: ${unprovenPages} pages of the database queried come from snapshot frames no ` +
        'checksum covers (the frame before each in the log was dropped when sqld compacted it), so damage to ' +
        'them could not be seen; verify names the snapshots',
    );
    // The newest point, data + data-wal, stands on no snapshot.
    const newestWal = (await listPoints(source)).points.at(-1)?.walFrame;
    await standAt(picker, `wal:${newestWal}`, newest(expected['tenant-b']));
    await expectCountAt(query, expected['tenant-b']);
    expect(await query.getByRole('note').count()).toBe(0);

    await screen.page.getByRole('tab', { name: 'Changes' }).click();
    const changes = screen.page.getByRole('region', { name: 'Changes' });
    await standAt(changes.getByRole('group', { name: 'From point' }), '73', /^frame 73 /);
    await changes.getByRole('button', { name: 'Show changes' }).click();
    await expect.poll(() => changes.getByRole('status').first().textContent()).toMatch(/^from frame 73 to /);
    expect(await changes.getByRole('note').allTextContents()).toEqual([
      expect.stringMatching(
        new RegExp(`^warning UNPROVEN_FRAMES: ${unprovenPages} pages of the database at frame 73 `),
      ),
    ]);
  });
});
