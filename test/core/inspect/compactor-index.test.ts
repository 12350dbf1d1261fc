import { readFile, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectFormat, probeBytes } from '../../../core/format/detect.js';
import { verifyNamespace } from '../../../core/inspect/verify-files.js';
import { openLayout } from '../../../core/layouts/open-layout.js';
import { runCli } from '../../support/cli.js';
import { copyVector, manifest } from '../../support/real-data.js';
import { tempDir } from '../../support/segments.js';

const IDX = '18446744073709551508-00000000000000000001-00000001720000180000.idx';

async function verifiedIdx(dir: string) {
  const verified = await verifyNamespace(await openLayout(dir), 'default');
  return { ok: verified.ok, idx: verified.segments.find((s) => s.file === IDX) };
}

describe("the wal-toolkit's .idx beside its compacted segment", () => {
  it('verify of a compactor folder checks the .idx: intact it passes, a flipped byte fails it', async () => {
    expect((await manifest()).toolkit.outputs[0]?.idx).toBe(`toolkit/out/${IDX}`);
    const dir = await copyVector('toolkit/out');
    expect(await verifiedIdx(dir)).toEqual({ ok: true, idx: { file: IDX, ok: true, problems: [] } });

    const bytes = await readFile(join(dir, IDX));
    bytes[223] = (bytes[223] ?? 0) ^ 0xff;
    await writeFile(join(dir, IDX), bytes);
    // Before: "all 2 verified", the .idx never read; inspect took it for a v0 segment of nonsense frames.
    const { ok, idx } = await verifiedIdx(dir);
    expect(ok).toBe(false);
    expect(idx?.problems.map((p) => p.code)).toEqual(['INDEX_CHECKSUM']);
    expect(detectFormat(probeBytes(bytes))).toBe('fst-index');
  });

  it('a large file of zeros named like a segment is no segment (no v0, no draft without frames)', async () => {
    const path = join(await tempDir(), '18446744073709551508-00000000000000000001-00000001720000180000.seg');
    await writeFile(path, '');
    // Sparse: 1 GiB of zeros that take no disk. Before, inspect called it compacted-v0 and read all of it.
    await truncate(path, 2 ** 30);
    const run = await runCli(['inspect', path]);
    expect(run.code).toBe(1);
    expect(run.out).toContain('format: unknown');
    expect(run.out).toContain('NOT_A_SEGMENT');
    expect(detectFormat(probeBytes(new Uint8Array(4096)))).toBe('unknown');
  });
});
