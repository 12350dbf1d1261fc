import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../support/cli.js';
import { SQLD_DEFAULT_SAMPLE } from '../../support/sqld-default-sample.js';

interface Row {
  file: string;
  startFrameNo: number;
  endFrameNo: number;
  uncommittedFrames?: number;
}

/** What inspect reads of a WAL file: its last commit, and the frames SQLite ignores after it. */
async function inspected(path: string) {
  const run = await runCli(['inspect', path, '--json']);
  expect(run.code, run.err).toBe(0);
  const doc = JSON.parse(run.out) as { header: Record<string, number>; actualSize: number };
  const frames = (doc.actualSize - 32) / (24 + 4096);
  return { endFrameNo: doc.header.endFrameNo ?? -1, after: frames - (doc.header.endFrameNo ?? 0) };
}

describe("list of a default-mode namespace whose data-wal ends with frames no commit ends (sqld's sample)", () => {
  const wal = join(SQLD_DEFAULT_SAMPLE, 'dbs', 'default', 'data-wal');

  it('ends the row at the last commit inspect reads, and counts the frames after it apart (--json)', async () => {
    const { endFrameNo, after } = await inspected(wal);
    // The sample is such a case: a transaction's pages written, its commit never.
    expect(after).toBeGreaterThan(0);
    const run = await runCli(['list', SQLD_DEFAULT_SAMPLE, '--namespace', 'default', '--json']);
    expect(run.code, run.err).toBe(0);
    const row = (JSON.parse(run.out) as { segments: Row[] }).segments.find((s) => s.file === 'data-wal');
    expect(row).toEqual(expect.objectContaining({ startFrameNo: 1, endFrameNo, uncommittedFrames: after }));
  });

  it('says the same in text: the range to the last commit, the frames after it as SQLite sees them', async () => {
    const { endFrameNo, after } = await inspected(wal);
    const run = await runCli(['list', SQLD_DEFAULT_SAMPLE, '--namespace', 'default']);
    expect(run.code, run.err).toBe(0);
    const line = run.out.split('\n').find((l) => l.includes(' data-wal ')) ?? '';
    expect(line).toMatch(new RegExp(`^ +1 +${endFrameNo} +- +sqlite-wal `));
    expect(line).toContain(`; ${after} uncommitted frames ignored after its last commit, as by SQLite)`);
  });

  it('gives a WAL whose frames are all committed no such count', async () => {
    const tenant = join(SQLD_DEFAULT_SAMPLE, 'dbs', 'tenant-b', 'data-wal');
    const { endFrameNo, after } = await inspected(tenant);
    expect(after).toBe(0);
    const run = await runCli(['list', SQLD_DEFAULT_SAMPLE, '--namespace', 'tenant-b', '--json']);
    const row = (JSON.parse(run.out) as { segments: Row[] }).segments.find((s) => s.file === 'data-wal');
    expect(row?.endFrameNo).toBe(endFrameNo);
    expect(row && 'uncommittedFrames' in row).toBe(false);
  });
});
