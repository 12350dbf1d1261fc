import { cp, truncate } from 'node:fs/promises';
import { join } from 'node:path';
import type { Locator } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { SQLITE_WAL_FRAME_HEADER_SIZE, SQLITE_WAL_HEADER_SIZE } from '../../core/format/sqlite-wal.js';
import { folderScreen } from '../support/demo-screen.js';
import { SQLD_DEFAULT_SAMPLE } from '../support/sqld-default-sample.js';

/** The sample's default namespace: data-wal is cut after this commit, and its log ends at this frame. */
const WAL_FRAME = 90;
const LOG_END = 307;

const chosenPoint = async (picker: Locator) => (await picker.getByLabel('Chosen point').textContent()) ?? '';

/** Types a point into a picker and waits for it to stand there. */
async function standAt(picker: Locator, typed: string, shown: RegExp): Promise<void> {
  await picker.getByLabel('Frame or time').fill(typed);
  await picker.getByLabel('Frame or time').press('Enter');
  await expect.poll(() => chosenPoint(picker)).toMatch(shown);
}

/** The note's words for the current state, which the log's newest commit disagrees with. */
const mismatch = (point: string) =>
  new RegExp(
    `^warning LOG_MISMATCH: ${point} is the current state, data \\+ data-wal as of its last commit ` +
      `\\(wal:${WAL_FRAME}\\); it and the log's newest commit \\(frame ${LOG_END}\\) hold different pages .*` +
      `the log is a history of its own: its newest point is frame ${LOG_END}, asked for by that frame number$`,
  );

describe('the current state of a namespace whose data-wal lost its tail, on the screen (Chromium)', () => {
  const shown = folderScreen('log-mismatch', async (home) => {
    const root = join(home, 'data.sqld');
    await cp(SQLD_DEFAULT_SAMPLE, root, { recursive: true });
    const frame = SQLITE_WAL_FRAME_HEADER_SIZE + 4096;
    await truncate(join(root, 'dbs', 'default', 'data-wal'), SQLITE_WAL_HEADER_SIZE + WAL_FRAME * frame);
    return root;
  });

  it("Query and Changes at the newest point note LOG_MISMATCH under the result; the log's point none", async () => {
    const page = shown().screen.page;
    await page.getByRole('tab', { name: 'Query' }).click();
    const query = page.getByRole('region', { name: 'Query' });
    const picker = query.getByRole('group', { name: 'Restore point' });
    await expect.poll(() => chosenPoint(picker)).toMatch(new RegExp(`^wal:${WAL_FRAME} `));
    await query.getByLabel('SQL').fill('SELECT 1');
    await query.getByRole('button', { name: 'Run' }).click();
    const status = query.getByRole('status').last();
    await expect.poll(() => status.textContent()).toMatch(/^1 row as of /);
    expect(await query.getByRole('note').allTextContents()).toEqual([
      expect.stringMatching(mismatch('the database queried')),
    ]);
    // The log's newest point is another history's: no LOG_MISMATCH there (its snapshot frames' note only).
    await standAt(picker, String(LOG_END), new RegExp(`^frame ${LOG_END} `));
    await query.getByRole('button', { name: 'Run' }).click();
    await expect.poll(() => status.textContent()).toBe(`1 row as of frame ${LOG_END}`);
    expect(await query.getByRole('note').allTextContents()).toEqual([
      expect.stringMatching(/^warning UNPROVEN_FRAMES/),
    ]);

    await page.getByRole('tab', { name: 'Changes' }).click();
    const changes = page.getByRole('region', { name: 'Changes' });
    await standAt(changes.getByRole('group', { name: 'From point' }), String(LOG_END), /^frame 307 /);
    await standAt(changes.getByRole('group', { name: 'To point' }), `wal:${WAL_FRAME}`, /^wal:90 /);
    await changes.getByRole('button', { name: 'Show changes' }).click();
    await expect.poll(() => changes.getByRole('status').first().textContent()).toMatch(/^from frame 307 to /);
    expect(await changes.getByRole('note').allTextContents()).toEqual([
      expect.stringMatching(/^warning UNPROVEN_FRAMES: \d+ pages of the database at frame 307 /),
      expect.stringMatching(mismatch('the database at wal:90')),
    ]);
  });
});
