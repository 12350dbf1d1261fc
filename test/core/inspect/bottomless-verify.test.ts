import { cp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generationBytes } from '../../../core/format/bottomless-generation.js';
import { verifyNamespace } from '../../../core/inspect/verify-files.js';
import { openLayout } from '../../../core/layouts/open-layout.js';
import { GenerationsBucket } from '../../../core/layouts/bottomless-generations.js';
import { restoreBottomless } from '../../../core/restore/bottomless-restore.js';
import { FolderObjectStore } from '../../../core/storage/folder-object-store.js';
import { bottomlessBucket, copyBottomlessBucket } from '../../support/bottomless-vectors.js';
import { tempDir } from '../../support/segments.js';

describe('verify of a bottomless namespace: the .dep chains', () => {
  it('a .dep cycle with no snapshot on it is GENERATION_CHAIN, an error on every generation of the cycle', async () => {
    const { dir, manifest } = bottomlessBucket('raw');
    const root = join(await tempDir(), 'bucket');
    await cp(dir, root, { recursive: true });
    const folder = (uuid: string) => join(root, `${manifest.db_name}-${uuid}`);
    // A generation whose .dep names its parent; the parent's .dep is made to name it back, snapshots gone.
    const child = manifest.generations.find((g) => g.parent !== null && !g.snapshot);
    const parent = manifest.generations.find((g) => g.uuid === child?.parent);
    if (!child || !parent) throw new Error('the sample has no generation continuing another');
    if (parent.snapshot) await rm(join(folder(parent.uuid), parent.snapshot));
    await writeFile(join(folder(parent.uuid), '.dep'), generationBytes(child.uuid));

    const result = await verifyNamespace(await openLayout(root), 'default');
    expect(result.ok).toBe(false);
    for (const uuid of [child.uuid, parent.uuid]) {
      const entry = result.segments.find((s) => s.file.includes(uuid));
      expect(entry?.problems).toContainEqual({
        code: 'GENERATION_CHAIN',
        severity: 'error',
        message: expect.stringContaining(`runs in a circle`),
      });
    }
  });
});

describe('verify of a bottomless namespace: gaps, by what they cost', () => {
  const restoreLatest = async (root: string, generation?: string) => {
    const bucket = new GenerationsBucket(new FolderObjectStore(root));
    const out = join(await tempDir(), 'out.db');
    return restoreBottomless(bucket, await bucket.read('default'), {
      out,
      generation,
      allowGaps: false,
      durable: false,
    });
  };
  /** The raw sample without batch `index` of its generation `nth` (oldest first; -1 the newest). */
  const withoutBatch = async (nth: number, index: number) => {
    const { root, manifest, folder } = await copyBottomlessBucket('raw');
    const g = manifest.generations.at(nth);
    const victim = g?.batches[index];
    if (!g || !victim) throw new Error('sample too small');
    await rm(join(folder(g.uuid), victim.key));
    const result = await verifyNamespace(await openLayout(root), 'default');
    const gap = `frames ${victim.first}..${victim.last} of generation ${g.uuid}`;
    return { root, g, gap, result, problems: result.segments.find((s) => s.file.includes(g.uuid))?.problems };
  };

  it('a gap in the newest generation is an error: the newest state cannot be restored', async () => {
    const { root, gap, result, problems } = await withoutBatch(-1, 6);
    await expect(restoreLatest(root)).rejects.toMatchObject({ code: 'CHAIN_GAP' });
    expect(result.ok).toBe(false);
    expect(problems).toContainEqual({
      code: 'CHAIN_GAP',
      severity: 'error',
      message: expect.stringMatching(new RegExp(`^${gap} .*newest state`)),
    });
  });

  it('a gap in a generation the newest does not replay is a warning: it costs its points, not the newest', async () => {
    const { root, g, gap, result, problems } = await withoutBatch(0, 3);
    await restoreLatest(root);
    await expect(restoreLatest(root, g.uuid)).rejects.toMatchObject({ code: 'CHAIN_GAP' });
    expect(result.ok).toBe(true);
    expect(problems).toContainEqual({ code: 'CHAIN_GAP', severity: 'warning', message: expect.stringContaining(gap) });
  });
});
