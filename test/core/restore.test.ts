import { mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { FsBackend } from '../../core/backend/fs-backend.js';
import { verifyFiles } from '../../core/inspect/verify-files.js';
import { DirectoryRemote } from '../../core/remote/directory-remote.js';
import { noneRemote } from '../../core/remote/none-remote.js';
import { restoreDatabase } from '../../core/restore/restore.js';
import { runCli } from '../support/cli.js';
import { tempDir } from '../support/segments.js';
import { workloadDir } from '../support/workload.js';

type Rows = Record<string, unknown[]>;

function tablesOf(db: Database.Database): Rows {
  const names = db.prepare<[], { name: string }>("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").all();
  return Object.fromEntries(names.map(({ name }) => [name, db.prepare(`SELECT * FROM "${name}" ORDER BY rowid`).all()]));
}

/** The snapshot's header says WAL mode, which SQLite opens only from a file, not from memory. */
async function expectSameDatabase(restoredPath: string, snapshot: Uint8Array | null): Promise<void> {
  const snapshotPath = `${restoredPath}.expected`;
  await writeFile(snapshotPath, snapshot ?? new Uint8Array());
  const restored = new Database(restoredPath);
  const expected = new Database(snapshotPath);
  try {
    expect(restored.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(tablesOf(restored)).toEqual(tablesOf(expected));
  } finally {
    restored.close();
    expected.close();
  }
}

describe('restore from segments of a real SQLite workload', () => {
  it.each([1, 2, 3])('rebuilds the database exactly at every segment boundary (seed %i)', async (seed) => {
    const prefix = await tempDir();
    const segments = await workloadDir(prefix, { seed, transactions: 24, framesPerSegment: 10 + seed * 4 });
    expect(segments.length).toBeGreaterThan(3);
    expect((await verifyFiles(segments.map((s) => join(prefix, 'segments', s.key)))).ok).toBe(true);
    const backend = new FsBackend({ prefix, remote: noneRemote() });
    const outDir = await tempDir();
    for (const [i, segment] of segments.entries()) {
      const out = join(outDir, `at-${i}.db`);
      const result = await restoreDatabase(backend, 'default', { out, untilFrameNo: segment.endFrameNo, allowGaps: false });
      expect(result).toMatchObject({ untilFrameNo: segment.endFrameNo, segmentsApplied: i + 1 });
      await expectSameDatabase(out, segment.snapshot);
    }
  });

  it('stands at the newest segment end at or before a frame inside a segment', async () => {
    const prefix = await tempDir();
    const segments = await workloadDir(prefix);
    const [, second, third] = segments;
    const backend = new FsBackend({ prefix, remote: noneRemote() });
    const out = join(await tempDir(), 'mid.db');
    const result = await restoreDatabase(backend, 'default', { out, untilFrameNo: (third?.endFrameNo ?? 0n) - 1n, allowGaps: false });
    expect(result.untilFrameNo).toBe(second?.endFrameNo);
    await expectSameDatabase(out, second?.snapshot ?? null);
  });

  it('refuses a broken chain, naming the missing frames, and writes nothing unless gaps are allowed', async () => {
    const prefix = await tempDir();
    const segments = await workloadDir(prefix);
    const missing = segments[2];
    await rm(join(prefix, 'segments', missing?.key ?? ''));
    const backend = new FsBackend({ prefix, remote: noneRemote() });
    const outDir = await tempDir();
    await expect(restoreDatabase(backend, 'default', { out: join(outDir, 'x.db'), allowGaps: false })).rejects.toMatchObject({
      code: 'CHAIN_GAP',
      message: expect.stringContaining(`frames ${missing?.startFrameNo}..${missing?.endFrameNo}`),
    });
    expect(await readdir(outDir)).toEqual([]);
    const allowed = await restoreDatabase(backend, 'default', { out: join(outDir, 'x.db'), allowGaps: true });
    expect(allowed.segmentsApplied).toBe(segments.length - 1);
  });

  it('takes what the local folder lacks from the remote', async () => {
    const prefix = await tempDir();
    const segments = await workloadDir(prefix);
    const remoteRoot = await tempDir();
    const remoteFolder = join(remoteRoot, 'ns-default:default-v2', 'segments');
    await mkdir(remoteFolder, { recursive: true });
    for (const s of segments.slice(0, 4)) await rename(join(prefix, 'segments', s.key), join(remoteFolder, s.key));
    const backend = new FsBackend({ prefix, remote: new DirectoryRemote(remoteRoot, 'default') });
    const out = join(await tempDir(), 'all.db');
    const result = await restoreDatabase(backend, 'default', { out, allowGaps: false });
    expect(result.segmentsApplied).toBe(segments.length);
    await expectSameDatabase(out, segments.at(-1)?.snapshot ?? null);
  });

  it('restores as of a time from the segments created by then', async () => {
    const prefix = await tempDir();
    const segments = await workloadDir(prefix);
    const target = segments[3];
    const iso = new Date(Number(target?.createdAt ?? 0n) * 1000 + 500).toISOString();
    const out = join(await tempDir(), 't.db');
    const { code, out: stdout } = await runCli(['restore', '--dir', prefix, '--out', out, '--until-time', iso, '--json']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ untilFrameNo: Number(target?.endFrameNo), segmentsApplied: 4 });
    await expectSameDatabase(out, target?.snapshot ?? null);
  });

  it('never overwrites an existing output file', async () => {
    const prefix = await tempDir();
    await workloadDir(prefix);
    const out = join(await tempDir(), 'taken.db');
    await writeFile(out, 'precious');
    const { code, err } = await runCli(['restore', '--dir', prefix, '--out', out]);
    expect(code).toBe(1);
    expect(err).toMatch(/^segscope: DESTINATION_EXISTS: /);
    expect(await readFile(out, 'utf8')).toBe('precious');
  });
});
