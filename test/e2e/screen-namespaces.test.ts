import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rendererDir } from '../../core/server/renderer-dir.js';
import { bottomlessBucket } from '../support/bottomless-vectors.js';
import { type OpenScreen, openScreen } from '../support/screen.js';
import { sharedBucket } from '../support/shared-bucket.js';

const built = existsSync(join(rendererDir(), 'index.html'));
const { manifest } = bottomlessBucket('raw');
const batches = manifest.generations.reduce((n, g) => n + g.batches.length, 0);

describe('one name in two layouts of a bucket: each namespace is itself on screen (Chromium)', () => {
  let screen: OpenScreen | undefined;
  let page: Page;
  let home: string | undefined;

  beforeAll(async () => {
    if (!built) throw new Error('the renderer is not built: run `npm run build` first (`npm test` does)');
    home = await mkdtemp(join(tmpdir(), 'segscope-namespaces-screen-'));
    const bucket = await sharedBucket(home);
    const dir = join(home, 'cache');
    await mkdir(dir);
    // Opened as the app opens a bucket: a local folder, the bucket its remote (libsql-wal read, the rest beside).
    const remote = { kind: 'directory', path: bucket, clusterId: 'cluster-1' } as const;
    // No namespace named: "default" alone is in two layouts here, which the server refuses to guess between.
    screen = await openScreen(dir, { width: 1440, height: 900 }, { remote, namespace: null });
    page = screen.page;
  });

  afterAll(async () => {
    await screen?.close();
    if (home) await rm(home, { recursive: true, force: true });
  });

  const defaults = () => page.getByRole('navigation', { name: 'Sources' }).getByRole('button', { name: /^default/ });
  const marked = async () => {
    const rows = defaults();
    const count = await rows.count();
    return Promise.all(Array.from({ length: count }, (_, i) => rows.nth(i).getAttribute('aria-current')));
  };

  it('lists both, the libsql-wal one open and alone marked current', async () => {
    await expect.poll(() => defaults().count()).toBe(2);
    expect(await defaults().nth(0).textContent()).toMatch(/libsql-wal/);
    expect(await defaults().nth(1).textContent()).toMatch(/bottomless/);
    await page.getByText('4 of 4 segments').waitFor();
    expect(await marked()).toEqual(['true', null]);
  });

  it('picking the second shows its own segments, and only it is marked current', async () => {
    await defaults().nth(1).click();
    const total = batches.toLocaleString('en-US');
    await page.getByText(`${total} of ${total} segments`).waitFor();
    await expect.poll(marked).toEqual([null, 'true']);
    // Its generations, which the libsql-wal namespace has none of.
    const bands = page.getByRole('list', { name: 'Generations' }).getByRole('listitem');
    await expect.poll(() => bands.count()).toBe(manifest.generations.filter((g) => g.batches.length > 0).length);
    expect(
      await page.getByRole('navigation', { name: 'Sources' }).getByLabel('Layout', { exact: true }).textContent(),
    ).toBe('bottomless layout');
  });

  it('the fetch form and the Query tab follow the chosen one', async () => {
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
    // Back on the first: its own rows again, and the marks follow.
    await page.getByRole('tab', { name: 'Segments' }).click();
    await defaults().nth(0).click();
    await page.getByText('4 of 4 segments').waitFor();
    await expect.poll(marked).toEqual(['true', null]);
  });
});
