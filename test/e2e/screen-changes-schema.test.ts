import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { folderScreen } from '../support/demo-screen.js';
import { SCHEMA_STEPS as S, commitFrame, writeSchemaHistory } from '../support/schema-history.js';

describe('the Changes panel across schema changes (Chromium)', () => {
  let frames: bigint[] = [];
  const shown = folderScreen('changes-schema', async (home) => {
    const { root, steps } = await writeSchemaHistory(join(home, 'schema.sqld'));
    frames = steps.map(commitFrame);
    return root;
  });

  it("counts a new table's rows, and says where a table's rows were not compared and why", async () => {
    const page = shown().screen.page;
    await page.getByRole('tab', { name: 'Changes' }).click();
    const changes = page.getByRole('region', { name: 'Changes' });
    for (const [name, tx] of [
      ['From point', S.fill],
      ['To point', S.rowsOnly],
    ] as const) {
      const picker = changes.getByRole('group', { name });
      const frame = String(frames[tx]);
      await picker.getByLabel('Frame or time').fill(frame);
      await picker.getByLabel('Frame or time').press('Enter');
      await expect.poll(() => picker.getByLabel('Chosen point').textContent()).toMatch(new RegExp(`^frame ${frame} `));
    }
    await changes.getByRole('button', { name: 'Show changes' }).click();
    const tables = changes.getByRole('table', { name: 'Changed tables' });
    const row = (name: string) => tables.getByRole('row', { name: new RegExp(`^${name}\\b`) });
    await expect.poll(() => row('events').getByRole('cell').allTextContents()).toEqual(['38', '0', '0']);
    await expect.poll(() => row('gone').getByRole('cell').allTextContents()).toEqual(['0', '25', '0']);
    const keyed = row('keyed');
    await expect
      .poll(() => keyed.getByRole('cell').allTextContents())
      .toEqual([expect.stringMatching(/^rows not compared: its key changed: a rowid table .*WITHOUT ROWID/)]);
    await keyed.click();
    await expect.poll(() => changes.getByText(/^Rows of keyed not compared: its key changed/).isVisible()).toBe(true);
    expect(await changes.getByRole('table', { name: 'Rows of keyed' }).count()).toBe(0);
    await row('events').click();
    await expect.poll(() => changes.getByRole('table', { name: 'Rows of events' }).getByRole('row').count()).toBe(39);
  });
});
