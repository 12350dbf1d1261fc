import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHAIN_ENTRY, checkChain } from '../../../core/inspect/chain.js';
import { usableSegments } from '../../../core/inspect/list-namespace.js';
import { SeedDirLayout } from '../../../core/layouts/seed-dir.js';
import { generateWorkload } from '../../../core/workload/generate.js';
import { buildSegment, keyFor, tempDir, writeSegmentDir } from '../../support/segments.js';
import { runCli } from '../../support/cli.js';

/** The chain check over what the seed layout lists in `prefix`. */
async function chainOf(prefix: string) {
  return checkChain(usableSegments(await new SeedDirLayout(prefix).list('default')));
}

describe('chain continuity', () => {
  it('passes back-to-back segments and a consistent overlap', async () => {
    const prefix = await tempDir();
    await writeSegmentDir(prefix, [
      { start: 1n, end: 8n },
      { start: 9n, end: 16n },
      { start: 1n, end: 16n, pages: [1, 2, 3, 4, 5, 6, 7, 8] },
    ]);
    const result = await chainOf(prefix);
    expect(result).toEqual({ file: CHAIN_ENTRY, ok: true, problems: [] });
  });

  it('reports the first gap and how many more there are', async () => {
    const prefix = await tempDir();
    await writeSegmentDir(prefix, [
      { start: 1n, end: 4n },
      { start: 7n, end: 9n },
      { start: 20n, end: 22n },
    ]);
    const result = await chainOf(prefix);
    expect(result.problems).toEqual([
      {
        code: 'CHAIN_GAP',
        severity: 'error',
        message: expect.stringContaining('frames 5..6, which no segment holds (and 1 more gaps)'),
      },
    ]);
  });

  it('reports overlapping segments that disagree on a page at the same frame', async () => {
    const prefix = await tempDir();
    await writeSegmentDir(prefix, [{ start: 1n, end: 8n }]);
    const other = buildSegment({ start: 1n, end: 8n, pages: [1, 2, 3, 4, 5, 6, 7, 8] });
    other[40 + 16 + 100] = (other[40 + 16 + 100] ?? 0) ^ 0xff; // page 1's bytes, same frame number
    const otherPath = join(prefix, 'segments', keyFor(1n, 8n, 1_700_000_001n));
    await writeFile(otherPath, other);
    const result = await chainOf(prefix);
    expect(result.problems.map((p) => p.code)).toEqual(['OVERLAP_CONFLICT']);
    expect(result.problems[0]?.message).toContain('disagree on page 1 at frame 1');
  });

  it('demo writes real segments with one gap and one overlap, the older half in the remote', async () => {
    const prefix = await tempDir();
    const remote = await tempDir();
    const { code, out } = await runCli([
      'demo',
      prefix,
      '--layout',
      'seed',
      '--remote',
      `file://${remote}`,
      '--segments',
      '40',
      '--json',
    ]);
    expect(code).toBe(0);
    const demo = JSON.parse(out) as { localSegments: number; remoteSegments: number; gap: { fromFrameNo: number } };
    expect(demo.remoteSegments).toBeGreaterThan(10);
    expect(await readdir(join(prefix, 'segments'))).toHaveLength(demo.localSegments);
    const list = JSON.parse((await runCli(['list', prefix, '--json'])).out) as {
      gaps: { fromFrameNo: number }[];
      overlaps: unknown[];
      segments: { status: string }[];
    };
    expect(list.gaps.map((g) => g.fromFrameNo)).toContain(demo.gap.fromFrameNo);
    expect(list.overlaps).toHaveLength(2);
    expect(list.segments.every((s) => s.status === 'ok')).toBe(true);
    const again = await runCli(['demo', prefix, '--layout', 'seed']);
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/DESTINATION_EXISTS/);
  });

  it('the generator is repeatable from its seed', async () => {
    const run = async () => {
      const keys: string[] = [];
      await generateWorkload({
        transactions: 10,
        rowsPerTransaction: 3,
        framesPerSegment: 8,
        transactionsPerSegment: 2,
        seed: 42,
        onSegment: (s) => void keys.push(s.key),
      });
      return keys;
    };
    expect(await run()).toEqual(await run());
  });
});
