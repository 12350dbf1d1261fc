import { existsSync } from 'node:fs';
import { cp, mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createSegscopeApi } from '../../core/api/api.js';
import { type RunningServer, startServer } from '../../core/server/http-server.js';
import { rendererDir } from '../../core/server/renderer-dir.js';
import { writeSqldDemo } from '../../core/workload/sqld-demo.js';
import { launchChromium, screenshot } from '../support/browser.js';
import { LIBSQL_VECTORS } from '../support/real-data.js';
import { createBucket, plainClient, putObjects, s3Settings, uniqueBucket } from '../support/s3-fixtures.js';
import { dropFiles } from '../support/drop-files.js';
import { type RowElement } from '../support/screen.js';
import { buildSegment, keyFor, tempDir, writeSegmentDir } from '../support/segments.js';

const built = existsSync(join(rendererDir(), 'index.html'));
const endpoint = inject('s3Endpoint');
const PREFIX = 'ns-cluster-1:default-v2/segments';

describe('browser mode end to end (Chromium)', () => {
  let browser: Browser;
  let server: RunningServer;
  let page: Page;
  let prefix: string;
  let bucket: string;
  const remoteBytes = buildSegment({ start: 100n, end: 120n });
  /** A second segment only the bucket holds, left for the fetch form after a click fetched the first. */
  const otherRemoteBytes = buildSegment({ start: 121n, end: 140n });

  beforeAll(async () => {
    if (!built) throw new Error('the renderer is not built: run `npm run build` first (`npm test` does)');
    prefix = await mkdtemp(join(tmpdir(), 'segscope-e2e-'));
    await writeSegmentDir(prefix, [
      { start: 1n, end: 10n },
      { start: 11n, end: 20n, pages: [1, 2, 3, 9] },
      { start: 31n, end: 40n },
      { start: 35n, end: 45n },
    ]);
    bucket = uniqueBucket('e2e');
    const client = plainClient(endpoint);
    await createBucket(client, bucket);
    await putObjects(client, bucket, [
      { key: `${PREFIX}/${keyFor(100n, 120n)}`, body: remoteBytes },
      { key: `${PREFIX}/${keyFor(121n, 140n)}`, body: otherRemoteBytes },
    ]);
    const api = createSegscopeApi({
      dir: null,
      layout: null,
      namespace: 'default',
      remote: s3Settings(endpoint, bucket),
    });
    server = await startServer({ api, staticDir: rendererDir() });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(server.url);
  });

  /** Opens a folder with no remote set (a remote goes with the seed's layout only, for now). */
  async function openWithoutRemote(dir: string): Promise<void> {
    await page.getByRole('button', { name: 'Remote settings' }).click();
    const dialog = page.getByRole('dialog', { name: 'Remote settings' });
    await dialog.getByLabel('Remote type').selectOption('none');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('button', { name: 'Open directory…' }).click();
    await page.getByRole('dialog', { name: 'Open directory' }).getByLabel('Directory path').fill(dir);
    await page.getByRole('button', { name: 'Open', exact: true }).click();
  }

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await rm(prefix, { recursive: true, force: true });
  });

  it("says in the Open directory dialog why a path did not open, not behind the dialog's backdrop", async () => {
    await page.getByRole('button', { name: 'Open directory…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Open directory' });
    await dialog.getByLabel('Directory path').fill(join(prefix, 'no-such-folder'));
    await dialog.getByRole('button', { name: 'Open', exact: true }).click();
    await expect.poll(() => dialog.getByRole('alert').textContent()).toMatch(/^NOT_FOUND\b.*no-such-folder/);
    // Said once: the banner waits behind the dialog, and says it once the dialog is closed.
    expect(await page.getByRole('alert').count()).toBe(1);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/^NOT_FOUND\b/);
    await page.getByRole('button', { name: 'Dismiss error' }).click();
  });

  it('opens a directory and lists its segments by frame range', async () => {
    await page.getByRole('button', { name: 'Open directory…' }).click();
    await page.getByRole('dialog', { name: 'Open directory' }).getByLabel('Directory path').fill(prefix);
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    const table = page.getByRole('table', { name: 'Segments' });
    // Four local segments and, beside them, the one only the bucket holds.
    await expect.poll(() => table.getByRole('row').count()).toBe(7);
    await expect.poll(() => table.getByRole('row').last().getByRole('cell').nth(6).textContent()).toBe('remote');
    await expect.poll(() => page.getByLabel('Current directory').textContent()).toBe(prefix);
    await expect.poll(() => page.getByLabel('Layout').textContent()).toBe('seed layout');
    await expect
      .poll(() => page.getByRole('img', { name: /Timeline of frame ranges/ }).getAttribute('aria-label'))
      .toContain('2 gaps, 1 overlaps');
    await screenshot(page, 'opened-directory');
  });

  it(
    'fetches a remote-only row on one click and shows its ' + 'header; the durable frame stands beside the local one',
    async () => {
      await expect.poll(() => page.getByText(/newest here 45, durable in the remote 140/).count()).toBe(1);
      const table = page.getByRole('table', { name: 'Segments' });
      await table.getByRole('row').nth(5).click();
      const header = page.getByRole('table', { name: 'Header' });
      await expect
        .poll(() => header.getByRole('row').filter({ hasText: 'Start frame' }).getByRole('cell').textContent())
        .toBe('100');
      await expect.poll(() => table.getByRole('row').nth(5).getByRole('cell').nth(6).textContent()).toBe('both');
      expect((await readdir(join(prefix, 'segments'))).some((n) => n.startsWith('0000000000000000100-'))).toBe(true);
    },
  );

  it('shows the decoded header of the selected segment', async () => {
    await page.getByRole('row').filter({ hasText: '31' }).first().click();
    const header = page.getByRole('table', { name: 'Header' });
    await expect.poll(() => header.getByRole('row', { name: /Start frame/ }).textContent()).toContain('31');
    await expect.poll(() => header.getByRole('row', { name: /End frame/ }).textContent()).toContain('40');
    await expect.poll(() => header.getByRole('row', { name: /Checksum/ }).textContent()).toContain('ok');
    await expect.poll(() => header.getByRole('row', { name: /File name agrees/ }).textContent()).toContain('yes');
    await screenshot(page, 'segment-detail');
  });

  it('shows a page of the selected segment: its headers and its bytes', async () => {
    await page.getByRole('button', { name: 'Show page' }).click();
    const view = page.getByRole('region', { name: 'Page 1' });
    await expect.poll(() => view.getByRole('table', { name: 'Page header' }).textContent()).toContain('pageType');
    await expect.poll(() => view.locator('pre').textContent()).toMatch(/^0000 {2}01 00 00 00/);
  });

  it('compares two segments, marking the fields that differ', async () => {
    const boxes = page.getByRole('checkbox', { name: 'Select for comparison' });
    await boxes.nth(0).check();
    await boxes.nth(1).check();
    await page.getByRole('button', { name: 'Compare' }).click();
    const region = page.getByRole('region', { name: 'Comparison' });
    await expect.poll(() => region.getByRole('row', { name: 'startFrameNo differs' }).count()).toBe(1);
    // The columns are named by the two files, not "A" and "B".
    const files = await region
      .getByRole('table', { name: 'Header comparison' })
      .getByRole('columnheader')
      .allTextContents();
    expect(files.slice(1).every((f) => /^\d{19}-\d{19}-\d{19}\.segment$/.test(f))).toBe(true);
    await expect
      .poll(() => region.getByRole('table', { name: 'Pages' }).textContent())
      .toContain(`Only in ${files[1]}`);
    await screenshot(page, 'comparison');
  });

  it('stores a dropped segment under its key, on disk and in the list', async () => {
    await dropFiles(page, [{ name: 'dropped.bin', bytes: [...buildSegment({ start: 21n, end: 30n })] }]);
    const outcome = page.getByRole('list', { name: 'Store outcome' });
    await expect
      .poll(() => outcome.textContent())
      .toMatch(/Stored dropped\.bin as 0000000000000000021-0000000000000000030-\d{19}\.segment and uploaded/);
    const names = await readdir(join(prefix, 'segments'));
    expect(names.some((n) => n.startsWith('0000000000000000021-0000000000000000030-'))).toBe(true);
    // Header, four local segments, the dropped one (now local and uploaded), the two from the remote.
    await expect.poll(() => page.getByRole('table', { name: 'Segments' }).getByRole('row').count()).toBe(8);
    await expect
      .poll(() =>
        page
          .getByRole('table', { name: 'Segments' })
          .getByRole('row')
          .filter({ hasText: /^\s*21/ })
          .getByRole('cell')
          .nth(6)
          .textContent(),
      )
      .toBe('both');
    await screenshot(page, 'stored');
  });

  it('refuses a dropped file that is not a segment, clearly, writing nothing', async () => {
    const before = await readdir(join(prefix, 'segments'));
    await dropFiles(page, [
      { name: 'notes.txt', bytes: [...new TextEncoder().encode('just some notes, not a segment at all!!!')] },
    ]);
    await expect
      .poll(() => page.getByRole('list', { name: 'Store outcome' }).textContent())
      .toContain('Refused notes.txt: NOT_A_SEGMENT');
    expect(await readdir(join(prefix, 'segments'))).toEqual(before);
  });

  /** Opens "Fetch by frame" from the toolbar, fetches, and closes it again with Escape. */
  async function fetchFrame(frame: string, destDir: string): Promise<string> {
    await page.getByRole('toolbar').getByRole('button', { name: 'Fetch by frame' }).click();
    const form = page.getByRole('form', { name: 'Fetch by frame' });
    await form.getByLabel('Frame number').fill(frame);
    await form.getByLabel('Destination directory').fill(destDir);
    await form.getByRole('button', { name: 'Fetch' }).click();
    const status = form.getByRole('status');
    await expect.poll(() => status.textContent()).not.toMatch(/^(Fetching|$)/);
    const text = (await status.textContent()) ?? '';
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
    return text;
  }

  it('fetches a local frame, then a frame only the remote has, into the chosen directory', async () => {
    const out = await tempDir('segscope-e2e-out-');
    expect(await fetchFrame('15', out)).toBe(
      `Fetched ${keyFor(11n, 20n)} from local to ${join(out, keyFor(11n, 20n))}`,
    );
    expect((await stat(join(out, keyFor(11n, 20n)))).size).toBeGreaterThan(40);
    expect(await fetchFrame('130', out)).toBe(
      `Fetched ${keyFor(121n, 140n)} from remote to ${join(out, keyFor(121n, 140n))}`,
    );
    expect(new Uint8Array(await readFile(join(out, keyFor(121n, 140n))))).toEqual(otherRemoteBytes);
    await screenshot(page, 'fetched-from-remote');
  });

  it('says when no segment holds the frame', async () => {
    const out = await tempDir('segscope-e2e-out-');
    expect(await fetchFrame('999', out)).toMatch(/^FRAME_NOT_FOUND: no segment holds frame 999/);
    expect(await readdir(out)).toEqual([]);
  });

  it('says when the remote is down, in Test connection and in Fetch', async () => {
    await page.getByRole('button', { name: 'Remote settings' }).click();
    const dialog = page.getByRole('dialog', { name: 'Remote settings' });
    await dialog.getByLabel('Endpoint').fill('http://127.0.0.1:9');
    await dialog.getByRole('button', { name: 'Test connection' }).click();
    await expect
      .poll(() => dialog.getByRole('status').textContent(), { timeout: 30_000 })
      .toMatch(/^REMOTE_UNAVAILABLE: /);
    await screenshot(page, 'remote-down');
    await dialog.getByRole('button', { name: 'Save' }).click();
    const out = await tempDir('segscope-e2e-out-');
    expect(await fetchFrame('130', out)).toMatch(/^REMOTE_UNAVAILABLE: /);
    expect(await readdir(out)).toEqual([]);
  });

  it('opens a sqld data directory: layout, namespaces, formats, and a sealed header field by field', async () => {
    const root = join(await tempDir(), 'sqld');
    await cp(join(LIBSQL_VECTORS, 'sqld'), root, { recursive: true });
    await openWithoutRemote(root);
    await expect.poll(() => page.getByLabel('Layout').textContent()).toBe('sqld layout');
    await expect
      .poll(() => page.getByRole('img', { name: /Timeline of frame ranges/ }).getAttribute('aria-label'))
      .toContain('frames 1..29 in the database file');
    const current = page.getByRole('navigation', { name: 'Sources' }).locator('[aria-current="true"]');
    await expect.poll(() => current.locator('.ns-name').textContent()).toMatch(/^default/);
    const table = page.getByRole('table', { name: 'Segments' });
    await expect.poll(() => table.getByRole('row').count()).toBe(4);
    const last = table.getByRole('row').filter({ hasText: '107' });
    await expect.poll(() => last.getByRole('cell').nth(4).textContent()).toBe('sealed');
    await expect.poll(() => last.getByRole('cell').nth(7).textContent()).toBe('unsealed');
    await table.getByRole('row').filter({ hasText: '55' }).first().click();
    const header = page.getByRole('table', { name: 'Header' });
    await expect
      .poll(() => header.getByRole('row').filter({ hasText: 'salt' }).getByRole('cell').textContent())
      .toBe('817856683');
    await expect
      .poll(() => header.getByRole('row').filter({ hasText: 'Format' }).getByRole('cell').textContent())
      .toContain('.seg');
    await screenshot(page, 'sqld-directory');
  });

  it('queries the database as of a point, and shows what changed between two points', async () => {
    const root = join(await tempDir(), 'sqld');
    await cp(join(LIBSQL_VECTORS, 'sqld'), root, { recursive: true });
    await page.getByRole('button', { name: 'Remote settings' }).click();
    await page.getByRole('dialog', { name: 'Remote settings' }).getByLabel('Remote type').selectOption('none');
    await page.getByRole('dialog', { name: 'Remote settings' }).getByRole('button', { name: 'Save' }).click();
    await page.getByRole('button', { name: 'Open directory…' }).click();
    await page.getByRole('dialog', { name: 'Open directory' }).getByLabel('Directory path').fill(root);
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    await expect.poll(() => page.getByLabel('Current directory').textContent()).toBe(root);
    // A fresh page, so nothing from the directory opened before can answer for this one.
    await page.reload();
    // Its restore points: 29 (the database file), every commit of the sealed segments, 107.
    const query = page.getByRole('region', { name: 'Query' });
    // Restore points are read when the Query tab is first shown, not while the table loads.
    const hiddenQuery = page.getByRole('region', { name: 'Query', includeHidden: true });
    await expect.poll(() => hiddenQuery.getByLabel('Chosen point').textContent()).toContain('first used');
    await page.getByRole('tab', { name: 'Query' }).click();
    await expect.poll(() => query.getByLabel('Chosen point').textContent()).toContain('frame 107');
    await query.getByLabel('Frame or time').fill('60');
    await query.getByLabel('Frame or time').press('Enter');
    await expect.poll(() => query.getByLabel('Chosen point').textContent()).toContain('frame 55');
    await query.getByLabel('SQL').fill('SELECT count(*) AS n FROM t');
    await query.getByRole('button', { name: 'Run' }).click();
    const results = query.getByRole('table', { name: 'Results' });
    await expect.poll(() => results.getByRole('row').nth(1).textContent()).toBe('64');
    await query.getByLabel('SQL').fill('DELETE FROM t');
    await query.getByRole('button', { name: 'Run' }).click();
    // An error is shown as one, with its code, and the last results stay.
    await expect.poll(() => query.getByRole('alert').textContent()).toMatch(/^READ_ONLY /);
    await expect.poll(() => results.getByRole('row').nth(1).textContent()).toBe('64');
    await page.getByRole('tab', { name: 'Changes' }).click();
    const changes = page.getByRole('region', { name: 'Changes' });
    // Each point picker snaps what is typed: 60 stands at the commit of frame 55.
    for (const [name, typed, frame] of [
      ['From point', '60', 'frame 55'],
      ['To point', '2024-07-03T09:48:40Z', 'frame 90'],
    ] as const) {
      const picker = changes.getByRole('group', { name });
      await picker.getByLabel('Frame or time').fill(typed);
      await picker.getByLabel('Frame or time').press('Enter');
      await expect.poll(() => picker.getByLabel('Chosen point').textContent()).toContain(frame);
    }
    await changes.getByRole('button', { name: 'Show changes' }).click();
    const tables = changes.getByRole('table', { name: 'Changed tables' });
    await expect.poll(() => tables.getByRole('row').filter({ hasText: /^t/ }).count()).toBe(1);
    await tables.getByRole('row').filter({ hasText: /^t/ }).click();
    const rows = changes.getByRole('table', { name: 'Rows of t' });
    await expect.poll(() => rows.getByRole('row').count()).toBeGreaterThan(1);
    await expect.poll(() => rows.getByRole('row').nth(1).textContent()).toMatch(/^(added|removed|changed) /);
    // Only a changed row's differing cells show before and after.
    for (const cell of await rows.locator('td.differs').all()) expect(await cell.textContent()).toContain('→');
    for (const cell of await rows.locator('td:not(.differs)').all())
      expect(await cell.textContent()).not.toContain('→');
    // Two rows chosen in the Segments table: the changes between their ends.
    await page.getByRole('tab', { name: 'Segments' }).click();
    const segmentRows = page.getByRole('row').filter({ has: page.getByLabel('Select for comparison') });
    const ends: string[] = [];
    for (const i of [0, 1]) {
      await segmentRows.nth(i).getByLabel('Select for comparison').check();
      ends.push((await segmentRows.nth(i).getByRole('cell').nth(2).textContent()) ?? '');
    }
    await page.getByRole('tab', { name: 'Changes' }).click();
    await changes.getByRole('button', { name: 'Between the two chosen segments' }).click();
    await expect
      .poll(() => changes.getByRole('status').textContent())
      .toBe(`from frame ${ends[0]} to frame ${ends[1]}`);
    await screenshot(page, 'time-travel');
    await page.getByRole('tab', { name: 'Segments' }).click();
  });

  it('switches namespace: the picker reads the other namespace afresh', async () => {
    const root = join(await tempDir(), 'two.sqld');
    const demo = await writeSqldDemo({ root, segments: 6, seed: 11 });
    const [first, second] = demo.namespaces;
    await openWithoutRemote(root);
    const sources = page.getByRole('navigation', { name: 'Sources' });
    const current = async () =>
      (await sources.locator('[aria-current="true"] .ns-name').textContent())?.replace(/!$/, '');
    const table = page.getByRole('table', { name: 'Segments' });
    // The demo's two namespaces can share their first segment and their count: the rows as a
    // whole tell them apart (every row fits on screen).
    const files = async (ns: string) => (await readdir(join(root, 'dbs', ns, 'data-wal'))).sort();
    const [firstFiles, secondFiles] = [await files(first?.name ?? ''), await files(second?.name ?? '')];
    expect(firstFiles).not.toEqual(secondFiles);
    const shown = async () =>
      (await table.getByRole('row').evaluateAll((rows: RowElement[]) => rows.map((r) => r.getAttribute('title'))))
        .filter((t): t is string => t !== null)
        .sort();
    await expect.poll(current).toBe(first?.name);
    await expect.poll(shown).toEqual(firstFiles);
    await sources.getByRole('button', { name: new RegExp(`^${second?.name ?? ''}`) }).click();
    await expect.poll(shown).toEqual(secondFiles);
    await expect.poll(() => page.getByText(`${second?.segments} of ${second?.segments} segments`).count()).toBe(1);
    await expect.poll(current).toBe(second?.name);
  });
});
