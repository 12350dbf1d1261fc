import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type BottomlessManifest, copyBottomlessBucket, listedPoints } from '../../support/bottomless-vectors.js';
import { runCli } from '../../support/cli.js';

interface PointsJson {
  points: { frameNo: number; generation: string }[];
  unreadable?: { file: string; code: string; generation?: string; fromFrameNo?: number }[];
}

/** The generations a restore of `uuid` replays: its `.dep` parents back to one with a snapshot. */
function replayed(manifest: BottomlessManifest, uuid: string): string[] {
  const chain: string[] = [];
  let g = manifest.generations.find((x) => x.uuid === uuid);
  while (g) {
    chain.push(g.uuid);
    if (g.snapshot !== null) break;
    const parent = g.parent;
    g = manifest.generations.find((x) => x.uuid === parent);
  }
  return chain;
}

/** A zstd sample with one byte flipped inside batch `index` of generation `nth` (oldest first). */
async function damagedBucket(nth: number, index: number) {
  const { root, manifest, folder } = await copyBottomlessBucket('zstd');
  const g = manifest.generations[nth];
  const batch = g?.batches[index];
  if (!g || !batch) throw new Error('sample too small');
  const path = join(folder(g.uuid), batch.key);
  const bytes = await readFile(path);
  bytes[30] = (bytes[30] ?? 0) ^ 0xff;
  await writeFile(path, bytes);
  // What a restore can still stand on: not the damaged generation's commits from the batch on, nor
  // those of any generation whose restore replays it.
  const expected = listedPoints(manifest)
    .filter((p) => !(p.generation === g.uuid && p.frame >= batch.first))
    .filter((p) => p.generation === g.uuid || !replayed(manifest, p.generation).includes(g.uuid))
    .map((p) => `${p.generation}:${p.frame}`);
  return { root, manifest, g, batch, expected };
}

describe('bottomless points with a damaged batch: the rest is listed, the piece named, exit 1', () => {
  it('a batch of the oldest generation: every other point is listed, and its own before the damage', async () => {
    const { root, g, batch, expected } = await damagedBucket(0, 2);
    const json = await runCli(['points', root, '--json']);
    expect(json.code).toBe(1);
    const doc = JSON.parse(json.out) as PointsJson;
    expect(doc.points.map((p) => `${p.generation}:${p.frameNo}`)).toEqual(expected);
    expect(doc.points.some((p) => p.generation === g.uuid)).toBe(true);
    expect(doc.unreadable).toEqual([
      expect.objectContaining({
        file: expect.stringContaining(batch.key),
        code: 'DECOMPRESSION_FAILED',
        generation: g.uuid,
        fromFrameNo: batch.first,
      }),
    ]);
    const text = await runCli(['points', root]);
    expect(text.code).toBe(1);
    expect(text.out).toContain(`${expected.length} restore points`);
    expect(text.out).toMatch(
      new RegExp(`not read: DECOMPRESSION_FAILED: .*points of generation ${g.uuid} from frame ${batch.first} on`),
    );
  });

  it('a batch of a generation others replay: their points are left out too', async () => {
    const { root, manifest, g, expected } = await damagedBucket(2, 2);
    const children = manifest.generations.filter(
      (x) => x.uuid !== g.uuid && replayed(manifest, x.uuid).includes(g.uuid),
    );
    expect(children.length).toBeGreaterThan(0);
    const run = await runCli(['points', root, '--json']);
    expect(run.code).toBe(1);
    const doc = JSON.parse(run.out) as PointsJson;
    expect(doc.points.map((p) => `${p.generation}:${p.frameNo}`)).toEqual(expected);
    expect(doc.points.some((p) => children.some((c) => c.uuid === p.generation))).toBe(false);
  });
});
