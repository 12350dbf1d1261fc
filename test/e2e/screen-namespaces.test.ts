import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { rendererDir } from '../../core/server/renderer-dir.js';
import { bottomlessBucket, expectedRows } from '../support/bottomless-vectors.js';
import { type OpenScreen, openScreen, screenPerSuite } from '../support/screen.js';
import { sharedBucket } from '../support/shared-bucket.js';

const built = existsSync(join(rendererDir(), 'index.html'));
const { manifest } = bottomlessBucket('raw');
/** The bottomless namespace's rows: each generation's snapshot and batches. */
const rows = expectedRows(manifest).length;

/**
 * The app over the shared bucket as it opens one: a local folder, the bucket its remote (libsql-wal
 * read, the other layouts beside). `namespace`: the one the server starts on (null: the layout's default).
 */
async function openShared(home: string, namespace: string | null, ready?: RegExp): Promise<OpenScreen> {
  const bucket = await sharedBucket(home);
  const dir = join(home, 'cache');
  await mkdir(dir);
  const remote = { kind: 'directory', path: bucket, clusterId: 'cluster-1' } as const;
  return openScreen(dir, { width: 1440, height: 900 }, { remote, namespace, ...(ready ? { ready } : {}) });
}

const defaults = (page: Page) =>
  page.getByRole('navigation', { name: 'Sources' }).getByRole('button', { name: /^default/ });
/** Each "default" row's aria-current, in order. */
async function marked(page: Page): Promise<(string | null)[]> {
  const rows = defaults(page);
  const count = await rows.count();
  return Promise.all(Array.from({ length: count }, (_, i) => rows.nth(i).getAttribute('aria-current')));
}

/**
 * The suite's screen over the shared bucket, opened before its tests and closed (its folder
 * removed) after them; the result gives its page.
 */
function sharedScreen(namespace: string | null, ready?: RegExp): () => Page {
  return screenPerSuite('segscope-namespaces-screen-', (home) => {
    if (!built) throw new Error('the renderer is not built: run `npm run build` first (`npm test` does)');
    return openShared(home, namespace, ready);
  });
}

describe('one name in two layouts of a bucket: each namespace is itself on screen (Chromium)', () => {
  const view = sharedScreen(null);

  it('lists both, the libsql-wal one open and alone marked current', async () => {
    const page = view();
    await expect.poll(() => defaults(page).count()).toBe(2);
    expect(await defaults(page).nth(0).textContent()).toMatch(/libsql-wal/);
    expect(await defaults(page).nth(1).textContent()).toMatch(/bottomless/);
    await page.getByText('4 of 4 segments').waitFor();
    expect(await marked(page)).toEqual(['true', null]);
  });

  it('picking the second shows its own segments, and only it is marked current', async () => {
    const page = view();
    await defaults(page).nth(1).click();
    const total = rows.toLocaleString('en-US');
    await page.getByText(`${total} of ${total} segments`).waitFor();
    await expect.poll(() => marked(page)).toEqual([null, 'true']);
    // Its generations, which the libsql-wal namespace has none of.
    const bands = page.getByRole('list', { name: 'Generations' }).getByRole('listitem');
    await expect.poll(() => bands.count()).toBe(manifest.generations.filter((g) => g.batches.length > 0).length);
    expect(
      await page.getByRole('navigation', { name: 'Sources' }).getByLabel('Layout', { exact: true }).textContent(),
    ).toBe('bottomless layout');
    // The bucket's objects are the remote's, and a row is read where it lies: nothing is fetched first.
    const row = page.getByRole('table', { name: 'Segments' }).getByRole('row').nth(1);
    expect(await row.getByRole('cell').nth(6).textContent()).toBe('remote');
    await row.click();
    const header = page.getByRole('complementary', { name: 'Details' }).getByRole('table', { name: 'Header' });
    await expect.poll(() => header.getByRole('row').first().textContent()).toMatch(/^Format.*bottomless/);
    expect(await page.getByRole('alert').count()).toBe(0);
  });

  it('the fetch form, the Query tab and the Changes tab follow the chosen one', async () => {
    const page = view();
    await page.getByRole('button', { name: 'Fetch by frame' }).click();
    const form = page.getByRole('form', { name: 'Fetch by frame' });
    // The name alone would be refused as ambiguous: the form names the namespace by its id.
    await expect.poll(() => form.getByLabel('Namespace').inputValue()).toBe('bottomless/default');
    await page.keyboard.press('Escape');
    await page.getByRole('tab', { name: 'Query' }).click();
    const query = page.getByRole('region', { name: 'Query' });
    const generationIds = manifest.generations.map((g) => g.uuid);
    await expect.poll(() => query.getByLabel('Chosen point').textContent()).toMatch(/:[0-9,]+/);
    const chosen = (await query.getByLabel('Chosen point').textContent()) ?? '';
    expect(generationIds.some((id) => chosen.includes(`${id}:`))).toBe(true);
    await query.getByLabel('SQL').fill('SELECT 1 AS one');
    await query.getByRole('button', { name: 'Run' }).click();
    await expect.poll(() => query.getByRole('status').first().textContent()).toMatch(/rows? as of /);
    await page.getByRole('tab', { name: 'Changes' }).click();
    const changes = page.getByRole('region', { name: 'Changes' });
    const to = changes.getByRole('group', { name: 'To point' }).getByLabel('Chosen point');
    await expect.poll(() => to.textContent()).toMatch(/:[0-9,]+/);
    const toPoint = (await to.textContent()) ?? '';
    expect(generationIds.some((id) => toPoint.includes(`${id}:`))).toBe(true);
    // Back on the first: its own rows again, and the marks follow.
    await page.getByRole('tab', { name: 'Segments' }).click();
    await defaults(page).nth(0).click();
    await page.getByText('4 of 4 segments').waitFor();
    await expect.poll(() => marked(page)).toEqual(['true', null]);
  });
});

describe('a bare name two layouts hold, kept from the command line: refused on screen, the choices offered', () => {
  // As `segscope serve --namespace default` starts it.
  const view = sharedScreen('default', /AMBIGUOUS_NAMESPACE/);

  it('says which ids there are, marks neither current, and a click opens the one picked', async () => {
    const page = view();
    const alert = page.getByRole('alert');
    expect(await alert.textContent()).toMatch(/libsql-wal\/default, bottomless\/default/);
    await expect.poll(() => defaults(page).count()).toBe(2);
    expect(await marked(page)).toEqual([null, null]);
    await defaults(page).nth(1).click();
    const total = rows.toLocaleString('en-US');
    await page.getByText(`${total} of ${total} segments`).waitFor();
    await expect.poll(() => marked(page)).toEqual([null, 'true']);
  });
});
