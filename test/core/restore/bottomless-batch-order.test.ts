import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { GenerationsBucket } from '../../../core/layouts/bottomless-generations.js';
import { restoreBottomless } from '../../../core/restore/bottomless-restore.js';
import { FolderObjectStore } from '../../../core/storage/folder-object-store.js';
import {
  type BottomlessManifest,
  copyBottomlessBucket,
  sampleDigest,
  listedPoints,
} from '../../support/bottomless-vectors.js';
import { runCli } from '../../support/cli.js';
import { bucketOfFolder } from '../../support/s3-fixtures.js';
import { S3_CREDENTIALS } from '../../support/s3-server.js';
import { tempDir } from '../../support/segments.js';

const endpoint = inject('s3Endpoint');
const env = { AWS_ACCESS_KEY_ID: S3_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: S3_CREDENTIALS.secretAccessKey };

/** The raw sample's newest generation, its batches, and its newest commit point. */
function newest(manifest: BottomlessManifest) {
  const g = manifest.generations.at(-1);
  const last = manifest.commit_points.filter((p) => p.generation === g?.uuid).at(-1);
  if (!g || !last) throw new Error('sample too small');
  const batch = (i: number) => {
    const b = g.batches[i];
    if (!b) throw new Error('sample too small');
    return b;
  };
  return { g, last, batch };
}

/** A batch's key with another flush second. */
const flushedAt = (key: string, secs: number) => key.replace(/-\d+\.raw$/, `-${secs}.raw`);

async function restoreLatest(root: string) {
  const out = join(await tempDir(), 'out.db');
  const bucket = new GenerationsBucket(new FolderObjectStore(root));
  const result = await restoreBottomless(bucket, await bucket.read('default'), {
    out,
    allowGaps: false,
    durable: false,
  });
  return { out, result };
}

describe('bottomless batches are ordered by their frames; the second in a name decides only overlaps', () => {
  it('a batch renamed to a later second than the batches after it: every later commit still restores', async () => {
    const { root, manifest, folder } = await copyBottomlessBucket('raw');
    const { g, last, batch } = newest(manifest);
    const moved = batch(4);
    await rename(join(folder(g.uuid), moved.key), join(folder(g.uuid), flushedAt(moved.key, moved.ts + 103)));
    const { out, result } = await restoreLatest(root);
    expect(result.untilFrameNo).toBe(BigInt(last.frame));
    expect(sampleDigest(out)).toBe(last.digest);
    const points = JSON.parse((await runCli(['points', root, '--json'])).out) as {
      points: { generation: string; frameNo: number }[];
    };
    expect(points.points.map((p) => `${p.generation}:${p.frameNo}`)).toEqual(
      listedPoints(manifest).map((p) => `${p.generation}:${p.frame}`),
    );
    const verify = await runCli(['verify', root]);
    expect(verify.out).not.toMatch(/rewrote|CHAIN_GAP/);
    expect(verify.out).not.toContain(`frames ${moved.first}..`);
  });

  it('a clock step back of one second on the writer: no false gap, the newest commit restores', async () => {
    const { root, manifest, folder } = await copyBottomlessBucket('raw');
    const { g, last, batch } = newest(manifest);
    const stepped = batch(5);
    await rename(join(folder(g.uuid), stepped.key), join(folder(g.uuid), flushedAt(stepped.key, stepped.ts - 1)));
    const { out, result } = await restoreLatest(root);
    expect(result.untilFrameNo).toBe(BigInt(last.frame));
    expect(sampleDigest(out)).toBe(last.digest);
    expect((await runCli(['verify', root])).out).not.toContain('CHAIN_GAP');
  });

  it('two batches from one frame: the one flushed later stands, whichever its range', async () => {
    const { root, manifest, folder } = await copyBottomlessBucket('raw');
    const { g, last, batch } = newest(manifest);
    const kept = batch(4);
    // Frames that do not continue the chain at kept.first: read, they break its checksum.
    const stale = (await readFile(join(folder(g.uuid), batch(6).key))).subarray(0, 3 * (24 + manifest.page_size));
    const staleKey = (secs: number) =>
      `${String(kept.first).padStart(12, '0')}-${String(kept.first + 2).padStart(12, '0')}-${secs}.raw`;
    await writeFile(join(folder(g.uuid), staleKey(kept.ts - 1)), stale);
    const { out, result } = await restoreLatest(root);
    expect(result.untilFrameNo).toBe(BigInt(last.frame));
    expect(sampleDigest(out)).toBe(last.digest);
    await rename(join(folder(g.uuid), staleKey(kept.ts - 1)), join(folder(g.uuid), staleKey(kept.ts + 1)));
    await expect(restoreLatest(root)).rejects.toMatchObject({
      code: 'CHECKSUM_MISMATCH',
      message: expect.stringContaining(`frame ${kept.first} `),
    });
  });

  it('through the S3 gateway: the renamed batch restores the newest commit', async () => {
    const { root, manifest, folder } = await copyBottomlessBucket('raw');
    const { g, last, batch } = newest(manifest);
    const moved = batch(4);
    await rename(join(folder(g.uuid), moved.key), join(folder(g.uuid), flushedAt(moved.key, moved.ts + 103)));
    const bucket = await bucketOfFolder(endpoint, root, 'bottomless-order');
    const out = join(await tempDir(), 'db.sqlite');
    const run = await runCli(['restore', '--remote', `s3://${bucket}`, '--endpoint', endpoint, '--out', out], env);
    expect(run.code, run.err).toBe(0);
    expect(sampleDigest(out)).toBe(last.digest);
  }, 60_000);
});
