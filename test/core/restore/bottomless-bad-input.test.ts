import { existsSync } from 'node:fs';
import { cp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { generationBytes } from '../../../core/format/bottomless-generation.js';
import { GenerationsBucket } from '../../../core/layouts/bottomless-generations.js';
import { type BottomlessRestoreOptions, restoreBottomless } from '../../../core/restore/bottomless-restore.js';
import { FolderObjectStore } from '../../../core/storage/folder-object-store.js';
import { verifyNamespace } from '../../../core/inspect/verify-files.js';
import { openLayout } from '../../../core/layouts/open-layout.js';
import { listPoints } from '../../../core/restore/points.js';
import { sourceFromLayout } from '../../../core/restore/restore-source.js';
import { writeBottomlessBucket } from '../../../core/workload/bottomless-writer.js';
import type { LoggedTransaction } from '../../../core/workload/generate.js';
import { copyBottomlessBucket as copyBucket, sampleDigest } from '../../support/bottomless-vectors.js';
import { tempDir } from '../../support/segments.js';
import { workloadTransactions } from '../../support/workload.js';

async function restore(root: string, options: Partial<BottomlessRestoreOptions> = {}) {
  const out = join(await tempDir(), 'out.db');
  const bucket = new GenerationsBucket(new FolderObjectStore(root));
  const run = restoreBottomless(bucket, await bucket.read('default'), {
    out,
    allowGaps: false,
    durable: false,
    ...options,
  });
  return { out, run };
}

/** Refused with `code`, leaving nothing in the output's folder; the error, for its message. */
async function refused(root: string, code: string, options: Partial<BottomlessRestoreOptions> = {}): Promise<unknown> {
  const { out, run } = await restore(root, options);
  const error = await run.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toMatchObject({ code });
  expect(existsSync(out)).toBe(false);
  expect(await readdir(join(out, '..'))).toEqual([]);
  return error;
}

/**
 * The last transaction's first page other than the header page, its bytes after the b-tree header's
 * first 16 replaced: the writer checksums the frame as it is, so only SQLite's own check can see it.
 */
function breakLastPage(txs: LoggedTransaction[]): LoggedTransaction[] {
  const last = txs.at(-1);
  const victim = last?.frames.findIndex((f) => f.pageNo !== 1) ?? -1;
  if (!last || victim < 0) throw new Error('workload too small');
  const frames = last.frames.map((f, i) => (i === victim ? { ...f, page: Buffer.from(f.page).fill(0xa5, 16) } : f));
  return [...txs.slice(0, -1), { ...last, frames }];
}

describe('bottomless restore refuses bad input with a code and writes nothing', () => {
  it('a missing batch is a gap; --allow-gaps stands at the last commit before it and says so', async () => {
    const { root, manifest, folder } = await copyBucket('raw');
    const g = manifest.generations[0];
    const victim = g?.batches[3];
    if (!g || !victim) throw new Error('sample too small');
    await rm(join(folder(g.uuid), victim.key));
    await refused(root, 'CHAIN_GAP', { generation: g.uuid });
    const { out, run } = await restore(root, { generation: g.uuid, allowGaps: true });
    const result = await run;
    expect(result.stoppedBecause).toContain(`frames ${victim.first}..${victim.last}`);
    const before = manifest.commit_points.filter((p) => p.generation === g.uuid && p.frame < victim.first).at(-1);
    expect(result.untilFrameNo).toBe(BigInt(before?.frame ?? 0));
    expect(sampleDigest(out)).toBe(before?.digest);
  });

  it('a frame whose checksum breaks is named; --allow-gaps stops before it', async () => {
    const { root, manifest, folder } = await copyBucket('raw');
    const g = manifest.generations[0];
    const victim = g?.batches[2];
    if (!g || !victim) throw new Error('sample too small');
    const path = join(folder(g.uuid), victim.key);
    const bytes = await readFile(path);
    bytes[24 + 2000] = (bytes[24 + 2000] ?? 0) ^ 0xff;
    await writeFile(path, bytes);
    const { run } = await restore(root, { generation: g.uuid });
    await expect(run).rejects.toMatchObject({
      code: 'CHECKSUM_MISMATCH',
      message: expect.stringContaining(`frame ${victim.first} `),
    });
    const allowed = await (await restore(root, { generation: g.uuid, allowGaps: true })).run;
    expect(allowed.untilFrameNo < BigInt(victim.first)).toBe(true);
  });

  it('a cut or corrupt gzip batch, a snapshot that is not SQLite, a .meta of the wrong size', async () => {
    const { root, manifest, folder } = await copyBucket('gz');
    const g = manifest.generations[0];
    const batch = g?.batches[0];
    if (!g || !batch) throw new Error('sample too small');
    const path = join(folder(g.uuid), batch.key);
    const original = await readFile(path);
    await writeFile(path, original.subarray(0, original.length - 10));
    await refused(root, 'DECOMPRESSION_FAILED', { generation: g.uuid });
    await writeFile(path, original);
    const withSnapshot = manifest.generations.find((x) => x.snapshot);
    if (!withSnapshot?.snapshot) throw new Error('no snapshot in the sample');
    await writeFile(join(folder(withSnapshot.uuid), withSnapshot.snapshot), gzipSync(Buffer.alloc(8192, 1)));
    await refused(root, 'NOT_A_DATABASE', { generation: withSnapshot.uuid });
    const bomb = gzipSync(Buffer.alloc(64 << 20));
    await writeFile(path, bomb);
    await refused(root, 'TOO_LARGE', { generation: g.uuid });
    await writeFile(path, original);
    await writeFile(join(folder(g.uuid), '.meta'), Buffer.alloc(11));
    const bucket = new GenerationsBucket(new FolderObjectStore(root));
    const backup = await bucket.read('default');
    expect(backup.generations.find((x) => x.id === g.uuid)?.problems).toContainEqual(
      expect.objectContaining({ code: 'BAD_SIZE', severity: 'error' }),
    );
  });

  it('.dep chains: a cycle, a missing parent and a chain deeper than sqld restores are GENERATION_CHAIN', async () => {
    const { root, manifest, folder } = await copyBucket('raw');
    const [newest, , , , oldest] = manifest.generations;
    if (!newest || !oldest) throw new Error('sample too small');
    // Drop the snapshots of the .dep chain, then point its first generation at a later one: a cycle. The
    // restart generation (no .dep) keeps its snapshot, and its points.
    for (const g of manifest.generations) if (g.snapshot && g.parent) await rm(join(folder(g.uuid), g.snapshot));
    const chainHead = manifest.generations.find((g) => g.parent !== null);
    if (!chainHead) throw new Error('no .dep in the sample');
    await writeFile(join(folder(chainHead.parent ?? ''), '.dep'), generationBytes(chainHead.uuid));
    await refused(root, 'GENERATION_CHAIN', { generation: chainHead.uuid });
    // points offers nothing a restore refuses.
    const { points } = await listPoints(await sourceFromLayout(await openLayout(root), 'default'));
    expect(points.some((p) => p.generation === chainHead.uuid || p.generation === chainHead.parent)).toBe(false);
    expect(points.length).toBeGreaterThan(0);
    await rm(join(folder(chainHead.parent ?? '')), { recursive: true });
    await refused(root, 'GENERATION_CHAIN', { generation: chainHead.uuid });
    // 102 generations, each continuing the one before, none with a snapshot.
    const deep = join(await tempDir(), 'deep');
    let parent: string | null = null;
    for (let i = 0; i < 102; i++) {
      const id = `e4de${(0xffff - i).toString(16).padStart(4, '0')}-0000-7000-8000-000000000000`;
      const dir = join(deep, `ns-:default-${id}`);
      await cp(join(folder(oldest.uuid), '.meta'), join(dir, '.meta'), { recursive: true });
      if (parent) await writeFile(join(dir, '.dep'), generationBytes(parent));
      parent = id;
    }
    await refused(deep, 'GENERATION_CHAIN');
  });

  it(
    'names that cannot be: a generation that is no UUID is ' +
      'foreign, a batch named 10-5 an error, --generation checked',
    async () => {
      const { root, manifest, folder } = await copyBucket('raw');
      const g = manifest.generations[0];
      if (!g) throw new Error('sample too small');
      await cp(folder(g.uuid), join(root, `${manifest.db_name}-not-a-uuid`), { recursive: true });
      await writeFile(join(folder(g.uuid), '000000000010-000000000005-1728216099.raw'), Buffer.alloc(10));
      const bucket = new GenerationsBucket(new FolderObjectStore(root));
      const backup = await bucket.read('default');
      expect(backup.generations).toHaveLength(manifest.generations.length);
      expect(backup.foreign[0]?.file).toContain('not-a-uuid');
      expect(backup.generations.find((x) => x.id === g.uuid)?.problems).toContainEqual(
        expect.objectContaining({ code: 'INVALID_SEGMENT_NAME', severity: 'error' }),
      );
      await refused(root, 'INVALID_ARGUMENT', { generation: 'latest' });
    },
  );

  it("pages that pass their checksums but make no database: SQLite's quick_check refuses, nothing left", async () => {
    const root = join(await tempDir(), 'bucket');
    const txs = await workloadTransactions({ seed: 21, transactions: 8 });
    const written = await writeBottomlessBucket({
      root,
      dbName: 'ns-:default',
      generations: [breakLastPage(txs)],
      framesPerBatch: 5,
      compression: 'raw',
      firstCreatedMs: 1_728_000_000_000n,
      snapshotEvery: 1,
    });
    const last = written.commits.at(-1);
    const before = written.commits.at(-2);
    if (!last || !before) throw new Error('workload too small');
    const error = await refused(root, 'DATABASE_MALFORMED');
    const point = `point ${last.generation}:${last.frameNo}`;
    expect(error).toMatchObject({ message: expect.stringMatching(/run verify.*--until-frame/) });
    expect(error).toMatchObject({ message: expect.stringContaining(point) });
    // The commit before the broken page is a database, as the message says.
    const { out, run } = await restore(root, { generation: before.generation, untilFrameNo: BigInt(before.frameNo) });
    await run;
    expect(await readdir(join(out, '..'))).toEqual(['out.db']);
  });

  it('a commit size past every page its history holds is BAD_SIZE, though its checksums hold', async () => {
    const root = join(await tempDir(), 'bucket');
    const txs = await workloadTransactions({ seed: 21, transactions: 8 });
    const last = txs.at(-1);
    const commit = last?.frames.at(-1);
    if (!last || !commit) throw new Error('workload too small');
    // The writer checksums each frame as it is: only the size tells.
    const frames = [...last.frames.slice(0, -1), { ...commit, sizeAfter: 0x7fffffff }];
    const written = await writeBottomlessBucket({
      root,
      dbName: 'ns-:default',
      generations: [[...txs.slice(0, -1), { ...last, frames }]],
      framesPerBatch: 5,
      compression: 'raw',
      firstCreatedMs: 1_728_000_000_000n,
      snapshotEvery: 1,
    });
    const error = await refused(root, 'BAD_SIZE');
    expect(error).toMatchObject({ message: expect.stringContaining('2147483647 pages') });
    const before = written.commits.at(-2);
    if (!before) throw new Error('workload too small');
    const { run } = await restore(root, { generation: before.generation, untilFrameNo: BigInt(before.frameNo) });
    await run;
  });
});

describe('a .dep naming the wrong older generation', () => {
  it('a size its base cannot hold: restore and verify name the .dep as a cause, not the frame alone', async () => {
    const { root, manifest, folder } = await copyBucket('raw');
    // The raw sample's fourth generation continues the third; pointed at the second, whose state is smaller.
    const [, second, , fourth] = manifest.generations;
    if (!second || !fourth?.parent) throw new Error('sample too small');
    await writeFile(join(folder(fourth.uuid), '.dep'), generationBytes(second.uuid));
    const error = await refused(root, 'BAD_SIZE', { generation: fourth.uuid });
    expect(error).toMatchObject({
      message: expect.stringContaining(
        `the commit size is damaged, or generation ${fourth.uuid}'s .dep names ${second.uuid} wrongly`,
      ),
    });
    const verified = await verifyNamespace(await openLayout(root), 'default');
    expect(verified.ok).toBe(false);
    expect(verified.segments.find((x) => x.file.includes(fourth.uuid))?.problems).toContainEqual({
      code: 'BAD_SIZE',
      severity: 'error',
      message: expect.stringContaining(`the state its .dep names (${second.uuid}, `),
    });
  });
});
