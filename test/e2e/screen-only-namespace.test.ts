import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rendererDir } from '../../core/server/renderer-dir.js';
import { writeSqldDemo } from '../../core/workload/sqld-demo.js';
import { screenshot } from '../support/browser.js';
import { type OpenScreen, openScreen } from '../support/screen.js';

describe("the demo's bucket served with no namespace named: its only namespace opens (Chromium)", () => {
  let home: string | undefined;
  let screen: OpenScreen | undefined;
  let only = '';
  beforeAll(async () => {
    if (!existsSync(join(rendererDir(), 'index.html')))
      throw new Error('the renderer is not built: run `npm run build`');
    home = await mkdtemp(join(tmpdir(), 'segscope-only-namespace-'));
    const made = await writeSqldDemo({ root: join(home, 'demo'), segments: 6, seed: 7 });
    only = made.bucket.namespace;
    // As `segscope serve <bucket>` opens it: no --namespace, so none chosen.
    // The rows, or the refusal that stood in their place.
    const ready = /^\d+ of \d+ segments|was not read/;
    screen = await openScreen(made.bucket.root, { width: 1024, height: 700 }, { namespace: null, ready });
  });
  afterAll(async () => {
    await screen?.close();
    if (home) await rm(home, { recursive: true, force: true });
  });

  it('lists and queries that namespace, as the CLI does, with no refusal on screen', async () => {
    const page = screen?.page;
    if (!page) throw new Error('the screen did not open');
    expect(only).not.toBe('default');
    const source = page
      .getByRole('navigation', { name: 'Sources' })
      .getByRole('button', { name: new RegExp(`^${only}`) });
    await expect.poll(() => source.getAttribute('aria-current')).toBeTruthy();
    expect(await page.getByText('NOT_FOUND').count()).toBe(0);
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await screenshot(page, `screen-only-namespace-1024x700-${scheme}`);
    }
    await page.getByRole('tab', { name: 'Query' }).click();
    const query = page.getByRole('region', { name: 'Query' });
    await query.getByLabel('SQL').fill('SELECT count(*) AS n FROM events');
    await query.getByRole('button', { name: 'Run' }).click();
    await expect.poll(() => query.getByText(/rows? as of /).count()).toBe(1);
    expect(await page.getByText('NOT_FOUND').count()).toBe(0);
    await screenshot(page, 'screen-only-namespace-query-1024x700-dark');
  });
});
