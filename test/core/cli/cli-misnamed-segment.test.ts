import { copyFile, mkdir, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../support/cli.js';
import { tempDir } from '../../support/segments.js';
import { LIBSQL_VECTORS, manifest, rowsDigest } from '../../support/real-data.js';

const BUCKET = join(LIBSQL_VECTORS, 'bucket-v1/v2/clusters/cluster-1/namespaces/default/segments');
const key = (start: number, end: number, created: number) =>
  `${[start, end, created].map((n) => String(n).padStart(19, '0')).join('-')}.segment`;
const K56 = key(56, 90, 1720000120);
const K91 = key(91, 107, 1720000180);

/** A seed folder holding the bucket-v1 segments (1..29, 30..55, 56..90, 91..107), as `store` writes it. */
async function seedFolder(): Promise<string> {
  const dir = await tempDir();
  const files = (await readdir(BUCKET)).map((name) => join(BUCKET, name));
  expect((await runCli(['store', ...files, '--dir', dir])).code).toBe(0);
  expect((await readdir(join(dir, 'segments'))).sort()).toContain(K56);
  return dir;
}

async function pointsOf(root: string): Promise<{ frames: number[]; unreadable: { file: string; code: string }[] }> {
  const run = await runCli(['points', root, '--json']);
  const listed = JSON.parse(run.out) as {
    points: { frameNo: number }[];
    unreadable?: { file: string; code: string }[];
  };
  return { frames: listed.points.map((p) => p.frameNo), unreadable: listed.unreadable ?? [] };
}

/** restore, sql and diff past the misnamed piece all refuse it, and the restore writes nothing. */
async function expectRefused(root: string, file: string, says: string, frame: number): Promise<void> {
  const outDir = await tempDir();
  for (const run of [
    await runCli(['restore', root, '--until-frame', String(frame), '--out', join(outDir, 'at.db')]),
    await runCli(['sql', root, 'SELECT count(*) FROM t', '--at-frame', String(frame)]),
    await runCli(['diff', root, '--from', '55', '--to', String(frame)]),
  ]) {
    expect(run.code).toBe(1);
    expect(run.err).toContain(`HEADER_MISMATCH: ${file}: ${says}`);
  }
  expect(await readdir(outDir)).toEqual([]);
  const verify = await runCli(['verify', root]);
  expect(verify.code).toBe(1);
  expect(verify.out).toContain(`HEADER_MISMATCH: ${says}`);
}

async function expectRestoredAt(root: string, frame: number): Promise<void> {
  const out = join(await tempDir(), 'at.db');
  expect((await runCli(['restore', root, '--until-frame', String(frame), '--out', out])).code).toBe(0);
  expect(rowsDigest(out)).toEqual((await manifest()).expected_at_frame[String(frame)]);
}

/*
 * A segment's header was written with its frames; a rename changes its name alone. Before, the seed
 * and compactor layouts listed, planned and restored such a segment by its name's range: the review's
 * 56..90 renamed 56..60 restored frame 90's database "as of frame 60", exit 0.
 */
describe('a libsql-wal segment whose name gives another range than its header', () => {
  it.each([
    { case: 'named narrower, the next segment gone', end: 60, dropNext: true, refusedAt: [60] },
    { case: 'named wider', end: 99, dropNext: false, refusedAt: [99, 107] },
  ])('seed, $case: no point past 55, restores past it refuse', async ({ end, dropNext, refusedAt }) => {
    const root = await seedFolder();
    const segments = join(root, 'segments');
    const misnamed = key(56, end, 1720000120);
    await rename(join(segments, K56), join(segments, misnamed));
    if (dropNext) await rm(join(segments, K91));
    const { frames, unreadable } = await pointsOf(root);
    expect(frames).toEqual([29, 55]);
    expect(unreadable).toMatchObject([{ file: misnamed, code: 'HEADER_MISMATCH', fromFrameNo: 56 }]);
    for (const frame of refusedAt)
      await expectRefused(root, misnamed, `the file name says frames 56..${end} but the header says 56..90`, frame);
    await expectRestoredAt(root, 55);
  });

  it('seed, a wider copy beside the genuine segment: it is no point, the genuine ones restore', async () => {
    const root = await seedFolder();
    const segments = join(root, 'segments');
    await copyFile(join(segments, K56), join(segments, key(56, 99, 1720000120)));
    const { frames, unreadable } = await pointsOf(root);
    expect(frames).toEqual([29, 55, 90, 107]);
    expect(unreadable).toMatchObject([{ file: key(56, 99, 1720000120), code: 'HEADER_MISMATCH', shadowed: true }]);
    await expectRestoredAt(root, 90);
    await expectRestoredAt(root, 107);
  });

  it('compactor, its one segment named narrower: no point, restores refuse', async () => {
    const dir = join(await tempDir(), 'out');
    await mkdir(dir);
    const { toolkit } = await manifest();
    const seg = toolkit.outputs[0]?.seg ?? '';
    const name = '18446744073709551555-00000000000000000001-00000001720000180000.seg';
    await copyFile(join(LIBSQL_VECTORS, seg), join(dir, name));
    const { frames, unreadable } = await pointsOf(dir);
    expect(frames).toEqual([]);
    expect(unreadable).toMatchObject([{ file: name, code: 'HEADER_MISMATCH', fromFrameNo: 1 }]);
    const says = 'the file name says frames 1..60 but the header says 1..107';
    const out = join(await tempDir(), 'at.db');
    const restore = await runCli(['restore', dir, '--until-frame', '60', '--out', out]);
    expect(restore.code).toBe(1);
    expect(restore.err).toContain(`HEADER_MISMATCH: ${name}: ${says}`);
    expect(await readdir(join(out, '..'))).toEqual([]);
  });
});
