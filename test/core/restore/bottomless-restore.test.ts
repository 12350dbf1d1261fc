import { existsSync } from 'node:fs';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GenerationsBucket } from '../../../core/layouts/bottomless-generations.js';
import { restoreBottomless } from '../../../core/restore/bottomless-restore.js';
import { FolderObjectStore } from '../../../core/storage/folder-object-store.js';
import {
  BOTTOMLESS_KINDS,
  type BottomlessManifest,
  bottomlessBucket,
  sampleDigest,
} from '../../support/bottomless-vectors.js';
import { tempDir } from '../../support/segments.js';

/** When the backup begins: its oldest generation's creation, to the millisecond. */
const beginsAt = (manifest: BottomlessManifest): string =>
  new Date(Math.min(...manifest.generations.map((g) => g.created_ms))).toISOString();

describe('bottomless restore of the sample buckets', () => {
  for (const kind of BOTTOMLESS_KINDS) {
    it(`${kind}: every commit of every generation, and every time point, match the manifest`, async () => {
      const { dir, manifest } = bottomlessBucket(kind);
      const bucket = new GenerationsBucket(new FolderObjectStore(dir));
      const backup = await bucket.read('default');
      expect(backup.generations.map((g) => g.id)).toEqual(manifest.generations.map((g) => g.uuid).sort());
      const out = await tempDir();
      let n = 0;
      for (const point of manifest.commit_points) {
        const target = join(out, `c${n++}.db`);
        const result = await restoreBottomless(bucket, backup, {
          out: target,
          generation: point.generation,
          untilFrameNo: BigInt(point.frame),
          allowGaps: false,
          durable: false,
        });
        expect(result.untilFrameNo).toBe(BigInt(point.frame));
        expect(sampleDigest(target), `${point.generation} frame ${point.frame}`).toBe(point.digest);
      }
      for (const point of manifest.time_points) {
        const target = join(out, `t${n++}.db`);
        const untilTime = new Date(point.t * 1000).toISOString();
        const generation = manifest.generations.find((g) => g.uuid === point.generation);
        // The generator answers an empty database before the first generation, and in a first generation
        // (no snapshot, no parent) before its first batch: the backup holds no such state, so Segscope
        // refuses both alike, saying where it begins.
        const fromNothing = generation?.snapshot === null && generation.parent === null && point.frame === 0;
        if (point.generation === null || fromNothing) {
          await expect(
            restoreBottomless(bucket, backup, { out: target, untilTime, allowGaps: false, durable: false }),
          ).rejects.toMatchObject({
            code: 'FRAME_NOT_FOUND',
            message: expect.stringContaining(`begins at ${beginsAt(manifest)} (generation `),
          });
          expect(existsSync(target)).toBe(false);
          continue;
        }
        const result = await restoreBottomless(bucket, backup, {
          out: target,
          untilTime,
          allowGaps: false,
          durable: false,
        });
        expect(result.generation).toBe(point.generation);
        expect(sampleDigest(target), `time ${untilTime}`).toBe(point.digest);
      }
      // ~120 restores of whole generation chains; zstd decodes in JavaScript on Node 20.
    }, 240_000);
  }

  it('never writes over a file already at --out, and leaves nothing beside it', async () => {
    const { dir } = bottomlessBucket('zstd');
    const bucket = new GenerationsBucket(new FolderObjectStore(dir));
    const backup = await bucket.read('default');
    const out = await tempDir();
    const target = join(out, 'taken.db');
    await writeFile(target, 'precious');
    await expect(restoreBottomless(bucket, backup, { out: target, allowGaps: false })).rejects.toMatchObject({
      code: 'DESTINATION_EXISTS',
      message: `${target} already exists; choose another output file (nothing was written)`,
    });
    expect(await readFile(target, 'utf8')).toBe('precious');
    expect(await readdir(out)).toEqual(['taken.db']);
  });
});
