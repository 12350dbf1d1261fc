import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rendererDir } from '../../core/server/renderer-dir.js';
import { demoScreen, sealedSegment } from '../support/demo-screen.js';
import { dropFiles } from '../support/drop-files.js';
import { type OpenScreen, openScreen } from '../support/screen.js';
import { buildSegment, writeSegmentDir } from '../support/segments.js';

describe("the screen's messages name its own controls, not the command line's options (Chromium)", () => {
  let screen: OpenScreen | undefined;
  let home: string | undefined;
  let stored = '';
  beforeAll(async () => {
    if (!existsSync(join(rendererDir(), 'index.html')))
      throw new Error('the renderer is not built: run `npm run build` first (`npm test` does)');
    home = await mkdtemp(join(tmpdir(), 'segscope-control-words-'));
    [stored = ''] = await writeSegmentDir(home, [
      { start: 1n, end: 10n },
      { start: 11n, end: 20n },
    ]);
    screen = await openScreen(home, { width: 1440, height: 900 });
  });
  afterAll(async () => {
    await screen?.close();
    if (home) await rm(home, { recursive: true, force: true });
  });
  const view = () => {
    if (!screen) throw new Error('the screen did not open');
    return screen.page;
  };

  it('a store refused for another segment under its key names "Replace existing", which then stores it', async () => {
    const page = view();
    // The same frames as the stored segment, another segment id, named by its key: its key, other bytes.
    const other = { name: basename(stored), bytes: [...buildSegment({ start: 1n, end: 10n })] };
    await dropFiles(page, [other]);
    const outcome = page.getByRole('list', { name: 'Store outcome' });
    await expect.poll(() => outcome.textContent()).toMatch(new RegExp(`^Refused ${other.name}: SEGMENT_EXISTS `));
    const refusal = (await outcome.textContent()) ?? '';
    expect(refusal).toMatch(/; “Replace existing” overwrites it$/);
    expect(refusal).not.toContain('--');
    await page.getByRole('region', { name: 'Drop segment files to store' }).getByLabel('Replace existing').check();
    await dropFiles(page, [other]);
    await expect.poll(() => outcome.textContent()).toMatch(new RegExp(`^Stored ${other.name} as ${other.name}`));
    expect(new Uint8Array(await readFile(stored))).toEqual(new Uint8Array(other.bytes));
  });

  it('a fetch refused for a file at its destination names "Replace existing", which then fetches it', async () => {
    const page = view();
    const out = join(home ?? '', 'out');
    await mkdir(out);
    const form = page.getByRole('form', { name: 'Fetch by frame' });
    const fetchFrame = async (replace: boolean) => {
      await page.getByRole('toolbar').getByRole('button', { name: 'Fetch by frame' }).click();
      await form.getByLabel('Frame number').fill('15');
      await form.getByLabel('Destination directory').fill(out);
      await form.getByLabel('Replace existing').setChecked(replace);
      await form.getByRole('button', { name: 'Fetch' }).click();
      await expect.poll(() => form.getByRole('status').textContent()).not.toMatch(/^(Fetching|$)/);
      const text = (await form.getByRole('status').textContent()) ?? '';
      await page.keyboard.press('Escape');
      return text;
    };
    expect(await fetchFrame(false)).toMatch(/^Fetched /);
    const refusal = await fetchFrame(false);
    expect(refusal).toMatch(/^DESTINATION_EXISTS: .*; “Replace existing” overwrites it$/);
    expect(refusal).not.toContain('--');
    expect(await fetchFrame(true)).toMatch(/^Fetched /);
  });
});

describe("a query's refusal names the screen's control, not the command line's option (Chromium)", () => {
  const demo = demoScreen('control-words', { segments: 8, seed: 3 });

  it('a query refused for frames gone since the points were read names "Allow gaps", which then answers', async () => {
    const { screen: open, root } = demo();
    const page = open.page;
    await page.getByRole('tab', { name: 'Query' }).click();
    const query = page.getByRole('region', { name: 'Query' });
    const picker = query.getByRole('group', { name: 'Restore point' });
    await expect.poll(() => picker.getByLabel('Chosen point').textContent()).toMatch(/\(point (\d+) of \1\)$/);
    // A sealed segment of the log gone: the newest point stands on frames no file holds now.
    await rm((await sealedSegment(root, 'default', 4)).path);
    await query.getByLabel('SQL').fill('SELECT 1');
    await query.getByRole('button', { name: 'Run' }).click();
    const alert = query.getByRole('alert');
    await expect.poll(() => alert.textContent()).toMatch(/^CHAIN_GAP /);
    const refusal = (await alert.textContent()) ?? '';
    expect(refusal).toMatch(/; “Allow gaps” rebuilds it up to the gap instead$/);
    expect(refusal).not.toContain('--');
    await query.getByRole('checkbox', { name: /^Allow gaps/ }).check();
    await query.getByRole('button', { name: 'Run' }).click();
    await expect.poll(() => query.getByRole('status').last().textContent()).toMatch(/^1 row as of /);
  });
});
