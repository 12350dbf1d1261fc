import { decompress as zstdDecompress } from 'fzstd';
import { copyFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { inspectFile } from '../../../core/inspect/inspect-file.js';
import type { InspectResult } from '../../../core/model/results.js';
import { Database } from '../../../core/sqlite/driver.js';
import { BOTTOMLESS_KINDS, bottomlessBucket } from '../../support/bottomless-vectors.js';
import { tempDir } from '../../support/segments.js';

const errors = (r: InspectResult) => r.problems.filter((p) => p.severity === 'error');

function decompressed(kind: (typeof BOTTOMLESS_KINDS)[number], bytes: Uint8Array): Uint8Array {
  if (kind === 'gz') return gunzipSync(bytes);
  return kind === 'zstd' ? zstdDecompress(bytes) : bytes;
}

describe.each(BOTTOMLESS_KINDS)('inspect of the %s sample', (kind) => {
  const { dir, manifest } = bottomlessBucket(kind);
  const folderOf = (uuid: string) => join(dir, `${manifest.db_name}-${uuid}`);

  it('every batch: frames numbered by its name, the chain from .meta across batches, commits and salts', async () => {
    for (const g of manifest.generations) {
      const commits = manifest.commit_points.filter((p) => p.generation === g.uuid).map((p) => p.frame);
      const seenCommits: number[] = [];
      for (const b of g.batches) {
        const r = await inspectFile(join(folderOf(g.uuid), b.key), { frames: true });
        expect(r.format).toBe('bottomless-batch');
        expect(errors(r)).toEqual([]);
        expect(r.nameAgrees).toBe(true);
        expect(r.checksum).toMatchObject({ ok: true, brokenAtFrame: null });
        expect(r.header).toMatchObject({
          compression: kind,
          generation: g.uuid,
          dbName: manifest.db_name,
          pageSize: manifest.page_size,
          pageSizeFrom: '.meta',
          startFrameNo: BigInt(b.first),
          endFrameNo: BigInt(b.last),
          flushedAt: new Date(b.ts * 1000).toISOString(),
        });
        expect(String(r.header?.chainSeed)).toMatch(b.first === 1 ? /^from \.meta$/ : /^from \.meta and \d+ earlier/);
        const frames = r.frames ?? [];
        expect(frames.map((f) => Number(f.frameNo))).toEqual(
          Array.from({ length: b.last - b.first + 1 }, (_, i) => b.first + i),
        );
        expect(frames.every((f) => f.checksumOk === true)).toBe(true);
        expect(new Set(frames.map((f) => f.salts?.join(',')))).toEqual(new Set([g.meta?.salts.join(',')]));
        seenCommits.push(...frames.filter((f) => f.sizeAfter !== 0).map((f) => Number(f.frameNo)));
        expect(r.header?.uncompressedBytes).toBe(BigInt(frames.length * (24 + manifest.page_size)));
        expect(r.actualSize).toBe(BigInt((await readFile(join(folderOf(g.uuid), b.key))).length));
      }
      expect(seenCommits).toEqual(commits);
    }
  });

  it('a snapshot: its SQLite header, equal to what SQLite says of the database it decompresses to', async () => {
    const withSnapshot = manifest.generations.filter((g) => g.snapshot !== null);
    expect(withSnapshot.length).toBeGreaterThan(0);
    for (const g of withSnapshot) {
      const path = join(folderOf(g.uuid), g.snapshot ?? '');
      const r = await inspectFile(path);
      expect(r.format).toBe('bottomless-snapshot');
      expect(r.problems).toEqual([]);
      const dbPath = join(await tempDir(), 'snapshot.db');
      const bytes = decompressed(kind, await readFile(path));
      await writeFile(dbPath, bytes);
      const db = new Database(dbPath, { readonly: true });
      try {
        expect(r.header).toMatchObject({
          compression: kind,
          generation: g.uuid,
          pageSize: db.pragma('page_size', { simple: true }),
          databaseSizePages: db.pragma('page_count', { simple: true }),
          schemaCookie: db.pragma('schema_version', { simple: true }),
          userVersion: db.pragma('user_version', { simple: true }),
          textEncoding: db.pragma('encoding', { simple: true }),
          fileChangeCounter: Number.parseInt(g.changecounter ?? '', 16),
          writeVersion: 'WAL',
          uncompressedBytes: BigInt(bytes.length),
        });
      } finally {
        db.close();
      }
    }
  });

  it('.meta, .dep and .changecounter: their fields', async () => {
    const child = manifest.generations.find((g) => g.parent !== null);
    if (!child?.meta) throw new Error('the sample has a generation with a parent and a .meta');
    const meta = await inspectFile(join(folderOf(child.uuid), '.meta'));
    expect(meta).toMatchObject({ format: 'bottomless-meta', problems: [], expectedSize: 12n, actualSize: 12n });
    expect(meta.header).toMatchObject({
      pageSize: child.meta.page_size,
      checksum1: `0x${child.meta.checksum[0].toString(16).padStart(8, '0')}`,
      checksum2: `0x${child.meta.checksum[1].toString(16).padStart(8, '0')}`,
    });
    const dep = await inspectFile(join(folderOf(child.uuid), '.dep'));
    expect(dep).toMatchObject({ format: 'bottomless-dep', header: { parentGeneration: child.parent } });
    const counted = manifest.generations.find((g) => g.changecounter !== null);
    if (!counted) throw new Error('the sample has a .changecounter');
    const counter = await inspectFile(join(folderOf(counted.uuid), '.changecounter'));
    expect(counter.header?.changeCounter).toBe(Number.parseInt(counted.changecounter ?? '', 16));
  });
});

describe('a batch away from its generation', () => {
  it('without .meta beside it: the page size from the frames, the seed unknown, the chain within checked', async () => {
    const { dir, manifest } = bottomlessBucket('zstd');
    const g = manifest.generations[0];
    const b = g?.batches.find((x) => x.last - x.first >= 2);
    if (!g || !b) throw new Error('sample too small');
    const loose = join(await tempDir(), 'copied-batch');
    await copyFile(join(dir, `${manifest.db_name}-${g.uuid}`, b.key), loose);
    const r = await inspectFile(loose, { frames: true });
    expect(r.format).toBe('bottomless-batch');
    expect(errors(r)).toEqual([]);
    expect(r.header).toMatchObject({ pageSize: manifest.page_size, pageSizeFrom: 'inferred from the frames' });
    expect(String(r.header?.chainSeed)).toMatch(/^unknown \(no readable \.meta beside it\)/);
    const oks = (r.frames ?? []).map((f) => f.checksumOk);
    expect(oks).toEqual([null, ...Array.from({ length: b.last - b.first }, () => true)]);
  });
});
