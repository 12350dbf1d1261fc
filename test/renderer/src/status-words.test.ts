import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyFile } from '../../../core/inspect/verify-file.js';
import { listNamespace } from '../../../core/inspect/list-namespace.js';
import { openLayout } from '../../../core/layouts/open-layout.js';
import type { ListedSegment, VerifiedSegment } from '../../../core/model/results.js';
import { writeSqldDemo } from '../../../core/workload/sqld-demo.js';
import { statusKind, statusRank, statusText } from '../../../renderer/src/status-words.js';
import { tempDir } from '../../support/segments.js';

const SQLD_DEFAULT = join(import.meta.dirname, '../../vectors/sqld-default/data.sqld');

/** A row of the sample's default namespace as listed (`file`: its name, its folder's left out), and its real verify. */
async function checked(file: string, namespace = 'default'): Promise<[ListedSegment, VerifiedSegment]> {
  const listed = await listNamespace(await openLayout(SQLD_DEFAULT), namespace);
  const row = [...listed.segments].find((s) => s.file === file || s.file.endsWith(`/${file}`));
  if (!row) throw new Error(`${file} is not listed`);
  return [row, await verifyFile(row.path, row.file)];
}

describe('the Status column tells a warning from an error and from a pass', () => {
  it("sqld's wallog with uncommitted frames: its checks pass with a warning, said and marked as one", async () => {
    const [row, verified] = await checked('wallog');
    // The sample's log holds frames past its last commit: a warning, no error.
    expect(verified.ok).toBe(true);
    expect(verified.problems.map((p) => [p.severity, p.code])).toEqual([['warning', 'TRAILING_DATA']]);
    expect(statusKind(row, verified)).toBe('warning');
    expect(statusText(row, verified)).toBe('verified, warning TRAILING_DATA');
    // Sorted after the rows that passed clean and those read no further than their header.
    expect(statusRank(row, verified)).toBeGreaterThan(statusRank(row, undefined));
  });

  it('a log that passes clean stays good; the same row with an error is bad, ranked after warnings', async () => {
    const [row, verified] = await checked('4c6307fa-4f54-4f8a-b0b1-1d5a913cc144', 'tenant-b');
    expect(verified.problems).toEqual([]);
    expect([statusKind(row, verified), statusText(row, verified), statusRank(row, verified)]).toEqual([
      'good',
      'verified',
      0,
    ]);
    const [, warned] = await checked('wallog');
    const failed: VerifiedSegment = {
      ...verified,
      ok: false,
      problems: [...warned.problems, { code: 'CHAIN_BROKEN', severity: 'error', message: 'a frame was altered' }],
    };
    // An error outweighs the warning before it: its code is shown, in the errors' mark.
    expect([statusKind(row, failed), statusText(row, failed)]).toEqual(['bad', 'CHAIN_BROKEN']);
    expect(statusRank(row, failed)).toBeGreaterThan(statusRank(row, warned));
    // A verify that failed on warnings alone is a warning too, named as one.
    const warnedOnly: VerifiedSegment = { ...warned, ok: false };
    expect([statusKind(row, warnedOnly), statusText(row, warnedOnly)]).toEqual(['warning', 'warning TRAILING_DATA']);
  });

  it('a snapshot passes with the warning that some of its frames no checksum covers, said as one', async () => {
    const [row, verified] = await checked('163d4ab6-54af-4cf0-a19d-acb3523746a9-0-277.snap');
    expect(verified.ok).toBe(true);
    expect(verified.problems.map((p) => [p.severity, p.code])).toEqual([['warning', 'UNPROVEN_FRAMES']]);
    expect([statusKind(row, verified), statusText(row, verified)]).toEqual([
      'warning',
      'verified, warning UNPROVEN_FRAMES',
    ]);
  });

  it("a namespace's current segment: its UNSEALED_SEGMENT warning is what 'unsealed' says: a pass", async () => {
    const root = join(await tempDir('segscope-status-'), 'demo.sqld');
    await writeSqldDemo({ root, segments: 6, seed: 3 });
    const listed = await listNamespace(await openLayout(root), 'default');
    const row = [...listed.segments].find((s) => s.status === 'unsealed');
    if (!row) throw new Error('the demo has no unsealed segment');
    const verified = await verifyFile(row.path, row.file);
    expect(verified.problems.map((p) => p.code)).toEqual(['UNSEALED_SEGMENT']);
    expect([statusKind(row, verified), statusText(row, verified), statusRank(row, verified)]).toEqual([
      'good',
      'unsealed, verified',
      0,
    ]);
  });
});
