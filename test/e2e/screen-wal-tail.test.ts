import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { folderScreen } from '../support/demo-screen.js';
import { cutCells } from '../support/screen-checks.js';
import { sampleCopyIn } from '../support/sqld-default-sample.js';

describe("the Segments table's data-wal row: its range to the last commit, the frames after it said (Chromium)", () => {
  // The smallest window the screen fits: the longer Status is still read whole there.
  const shown = folderScreen('wal-tail', sampleCopyIn, { width: 1024, height: 700 });

  it('shows the end frame list --json gives, and the uncommitted frames in its Status', async () => {
    const { screen, root } = shown();
    const run = await runCli(['list', root, '--namespace', 'default', '--json']);
    const listed = JSON.parse(run.out) as {
      segments: { file: string; endFrameNo: number; uncommittedFrames?: number }[];
    };
    const wal = listed.segments.find((s) => s.file === 'data-wal');
    expect(wal?.uncommittedFrames).toBeGreaterThan(0);
    const table = screen.page.getByRole('table', { name: 'Segments' });
    // A row's title is its file.
    const row = table.locator('[role="row"][title="data-wal"]');
    await expect.poll(() => row.count()).toBe(1);
    const cells = row.getByRole('cell');
    // SQLite's index in the file, as its commits are named: wal:N.
    expect(await cells.nth(2).textContent()).toBe(`wal:${wal?.endFrameNo.toLocaleString('en-US')}`);
    expect(await cells.last().textContent()).toBe(`header ok, ${wal?.uncommittedFrames} uncommitted frames ignored`);
    expect(await cutCells(screen.page)).toEqual([]);
  });
});
