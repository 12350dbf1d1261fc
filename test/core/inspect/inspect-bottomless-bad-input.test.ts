import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { inspectFile } from '../../../core/inspect/inspect-file.js';
import type { InspectResult } from '../../../core/model/results.js';
import { bottomlessBucket } from '../../support/bottomless-vectors.js';
import { runCli } from '../../support/cli.js';
import { tempDir } from '../../support/segments.js';

const errorCodes = (r: InspectResult) => r.problems.filter((p) => p.severity === 'error').map((p) => p.code);

/** A generation folder of its own holding the sample generation's `.meta` (or `meta` bytes) and nothing else. */
async function generationCopy(kind: 'zstd' | 'gz' | 'raw', meta?: Uint8Array) {
  const { dir, manifest } = bottomlessBucket(kind);
  const g = manifest.generations[0];
  if (!g) throw new Error('sample without generations');
  const from = join(dir, `${manifest.db_name}-${g.uuid}`);
  const folder = join(await tempDir(), `${manifest.db_name}-${g.uuid}`);
  await mkdir(folder);
  if (meta) await writeFile(join(folder, '.meta'), meta);
  else await copyFile(join(from, '.meta'), join(folder, '.meta'));
  const first = g.batches[0];
  if (!first) throw new Error('sample generation without batches');
  return { folder, firstBatch: await readFile(join(from, first.key)), first, pageSize: manifest.page_size };
}

describe('inspect of damaged bottomless objects: a typed problem each, exit 1, nothing else written', () => {
  it('a truncated zstd stream: DECOMPRESSION_FAILED, with the frames read before it', async () => {
    const { folder, firstBatch, first } = await generationCopy('zstd');
    const path = join(folder, first.key);
    await writeFile(path, firstBatch.subarray(0, Math.floor(firstBatch.length / 2)));
    const run = await runCli(['inspect', path, '--json']);
    expect(run.code).toBe(1);
    const doc = JSON.parse(run.out) as InspectResult;
    expect(doc.format).toBe('bottomless-batch');
    expect(errorCodes(doc)).toContain('DECOMPRESSION_FAILED');
  });

  it('a corrupt gzip stream: DECOMPRESSION_FAILED', async () => {
    const { folder, firstBatch, first } = await generationCopy('gz');
    const damaged = Buffer.from(firstBatch);
    for (let i = 20; i < damaged.length - 8; i += 7) damaged[i] = (damaged[i] ?? 0) ^ 0x5a;
    const path = join(folder, first.key);
    await writeFile(path, damaged);
    expect(errorCodes(await inspectFile(path))).toContain('DECOMPRESSION_FAILED');
  });

  it(
    'a decompression bomb: TOO_LARGE past the frames ' + 'its name allows, and a zstd window beyond the limit',
    async () => {
      const { folder } = await generationCopy('gz');
      const gz = join(folder, '000000000001-000000000002-1700000000.gz');
      await writeFile(gz, gzipSync(Buffer.alloc(64 << 20)));
      const r = await inspectFile(gz);
      expect(errorCodes(r)).toContain('TOO_LARGE');
      expect(r.problems.find((p) => p.code === 'TOO_LARGE')?.message).toMatch(/decompression bomb/);
      // A zstd frame header asking for a 256 MiB window, refused before any decoder allocates it.
      const zst = join(folder, '000000000001-000000000002-1700000001.zstd');
      await writeFile(zst, Uint8Array.from([0x28, 0xb5, 0x2f, 0xfd, 0x00, 18 << 3, ...new Array<number>(32).fill(0)]));
      expect(errorCodes(await inspectFile(zst))).toContain('TOO_LARGE');
    },
  );

  it('a frame whose checksum breaks: CHECKSUM_MISMATCH at that frame, the frames still listed', async () => {
    const { folder, firstBatch, first, pageSize } = await generationCopy('raw');
    const damaged = Buffer.from(firstBatch);
    const at = (24 + pageSize) * 2 + 24 + 100;
    damaged[at] = (damaged[at] ?? 0) ^ 0xff;
    const path = join(folder, first.key);
    await writeFile(path, damaged);
    const r = await inspectFile(path, { frames: true });
    expect(errorCodes(r)).toEqual(['CHECKSUM_MISMATCH']);
    expect(r.checksum).toMatchObject({ ok: false, brokenAtFrame: first.first + 2 });
    expect(r.frames?.map((f) => f.checksumOk)).toEqual(
      Array.from({ length: first.last - first.first + 1 }, (_, i) => i !== 2),
    );
  });

  it('a batch named 10-5: INVALID_SEGMENT_NAME', async () => {
    const { folder, firstBatch } = await generationCopy('raw');
    const path = join(folder, '000000000010-000000000005-1700000000.raw');
    await writeFile(path, firstBatch);
    const r = await inspectFile(path);
    expect(errorCodes(r)).toContain('INVALID_SEGMENT_NAME');
    expect(r.nameAgrees).toBeNull();
  });

  it('a batch with fewer frames than its name: TRUNCATED_SEGMENT', async () => {
    const { folder, firstBatch, first, pageSize } = await generationCopy('raw');
    const path = join(folder, first.key);
    await writeFile(path, firstBatch.subarray(0, 24 + pageSize));
    const r = await inspectFile(path);
    expect(errorCodes(r)).toEqual(['TRUNCATED_SEGMENT']);
    expect(r.nameAgrees).toBe(false);
  });

  it('a .meta of the wrong size: BAD_SIZE on it, and the batches beside it read with their seed unknown', async () => {
    const { folder, firstBatch, first } = await generationCopy('zstd', new Uint8Array(11));
    const meta = await inspectFile(join(folder, '.meta'));
    expect(meta.format).toBe('bottomless-meta');
    expect(errorCodes(meta)).toEqual(['BAD_SIZE']);
    const path = join(folder, first.key);
    await writeFile(path, firstBatch);
    const r = await inspectFile(path);
    expect(r.problems).toMatchObject([{ code: 'BAD_SIZE', severity: 'warning' }]);
    expect(String(r.header?.chainSeed)).toMatch(/^unknown/);
  });

  it('a snapshot that is not SQLite: NOT_A_DATABASE; one cut short: TRUNCATED_SEGMENT', async () => {
    const { folder } = await generationCopy('gz');
    const path = join(folder, 'db.gz');
    await writeFile(path, gzipSync(Buffer.from('not a database, only words '.repeat(40))));
    const run = await runCli(['inspect', path, '--json']);
    expect(run.code).toBe(1);
    expect(errorCodes(JSON.parse(run.out) as InspectResult)).toEqual(['NOT_A_DATABASE']);
    const { dir, manifest } = bottomlessBucket('raw');
    const g = manifest.generations.find((x) => x.snapshot !== null);
    if (!g) throw new Error('sample without a snapshot');
    const whole = await readFile(join(dir, `${manifest.db_name}-${g.uuid}`, 'db.raw'));
    const raw = join(folder, 'db.raw');
    await writeFile(raw, whole.subarray(0, whole.length - 4096));
    expect(errorCodes(await inspectFile(raw))).toEqual(['TRUNCATED_SEGMENT']);
  });
});
