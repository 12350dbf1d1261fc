import { cp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generationBytes } from '../../../core/format/bottomless-generation.js';
import { verifyNamespace } from '../../../core/inspect/verify-files.js';
import { openLayout } from '../../../core/layouts/open-layout.js';
import { bottomlessBucket } from '../../support/bottomless-vectors.js';
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
