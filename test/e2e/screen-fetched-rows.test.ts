import { existsSync } from 'node:fs';
import { cp, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { rendererDir } from '../../core/server/renderer-dir.js';
import { decodeWire } from '../../core/transport/codec.js';
import { sqlAnswer } from '../support/held-calls.js';
import { LIBSQL_VECTORS } from '../support/real-data.js';
import { openScreen, screenPerSuite } from '../support/screen.js';

/** Each row's Location and Status, as the Segments table shows them. */
const rowStates = (page: Page) =>
  page.evaluate<string[]>(`[...document.querySelectorAll('[role="table"][aria-label="Segments"] [role="row"][title]')]
    .map((r) => [...r.querySelectorAll('[role="cell"]')].slice(6).map((c) => c.textContent).join(' | '))`);

const COUNT = 'SELECT count(*) FROM t';

/**
 * The app over a copy of a libsql-wal bucket with an empty folder for its cache, for the calling
 * describe: every row is remote-only until something fetches it.
 */
function bucketScreen(): () => Page {
  return screenPerSuite('segscope-fetched-rows-', async (home) => {
    if (!existsSync(join(rendererDir(), 'index.html')))
      throw new Error('the renderer is not built: run `npm run build` first (`npm test` does)');
    const bucket = join(home, 'bucket');
    await cp(join(LIBSQL_VECTORS, 'bucket-v1'), bucket, { recursive: true });
    const cache = join(home, 'cache');
    await mkdir(cache);
    const remote = { kind: 'directory', path: bucket, clusterId: 'cluster-1' } as const;
    return openScreen(cache, { width: 1440, height: 900 }, { remote });
  });
}

/** Counts the page's calls of `list`, which reads the open namespace's rows. */
function countLists(page: Page): string[] {
  const lists: string[] = [];
  page.on('request', (request) => {
    if (new URL(request.url()).pathname === '/api/list') lists.push(request.url());
  });
  return lists;
}

const REMOTE = Array(4).fill('remote | remote, not checked');
const CACHED = Array(4).fill('both | header ok');

describe('rows a query fetched say so without a reload (Chromium)', () => {
  const view = bucketScreen();

  it('a query at the newest point fetches every segment: back on Segments, none says remote', async () => {
    const page = view();
    expect(await rowStates(page)).toEqual(REMOTE);
    await page.getByRole('tab', { name: 'Query' }).click();
    const query = page.getByRole('region', { name: 'Query' });
    const lists = countLists(page);
    /** Runs a query, and gives what the server answered it. */
    const run = async (sql: string) => {
      const answer = page.waitForResponse(sqlAnswer(sql));
      await query.getByLabel('SQL').fill(sql);
      await query.getByRole('button', { name: 'Run' }).click();
      return decodeWire(await (await answer).text()) as { result: { fetched?: number } };
    };
    expect((await run(COUNT)).result.fetched).toBe(4);
    // Its rows are read again once, while the Query tab still shows.
    await expect.poll(() => lists.length).toBe(1);
    await page.getByRole('tab', { name: 'Segments' }).click();
    expect(await rowStates(page)).toEqual(CACHED);
    // A query that fetched nothing (its point is built) reads no listing.
    await page.getByRole('tab', { name: 'Query' }).click();
    const tables = page.waitForResponse(sqlAnswer('sqlite_schema'));
    expect((await run(`${COUNT} WHERE id > 0`)).result.fetched).toBeUndefined();
    await tables;
    expect(lists).toHaveLength(1);
  });
});

describe('rows a diff fetched say so without a reload (Chromium)', () => {
  const view = bucketScreen();

  it('Show changes from the first point to the newest fetches every segment, and the rows say so', async () => {
    const page = view();
    expect(await rowStates(page)).toEqual(REMOTE);
    await page.getByRole('tab', { name: 'Changes' }).click();
    const changes = page.getByRole('region', { name: 'Changes' });
    const lists = countLists(page);
    const answer = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/diff');
    await changes.getByRole('button', { name: 'Show changes' }).click();
    const diff = decodeWire(await (await answer).text()) as { result: { fetched?: number } };
    expect(diff.result.fetched).toBe(4);
    await expect.poll(() => lists.length).toBe(1);
    await page.getByRole('tab', { name: 'Segments' }).click();
    expect(await rowStates(page)).toEqual(CACHED);
  });
});
