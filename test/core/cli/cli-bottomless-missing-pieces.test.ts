import { existsSync } from 'node:fs';
import { readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyBottomlessBucket, restoreAtArgs, sampleDigest } from '../../support/bottomless-vectors.js';
import { runCli } from '../../support/cli.js';
import { tempDir } from '../../support/segments.js';

/** The raw sample, the generation sqld started on restart (a snapshot, no .dep), and where to restore. */
async function sample() {
  const { root, manifest, folder } = await copyBottomlessBucket('raw');
  const restart = manifest.generations.find((g) => g.snapshot !== null && g.parent === null);
  const checkpoint = manifest.generations.find((g) => g.snapshot !== null && g.parent !== null);
  if (!restart?.snapshot || !checkpoint?.snapshot) throw new Error('sample lacks a restart or checkpoint generation');
  const commits = (uuid: string) => manifest.commit_points.filter((p) => p.generation === uuid);
  const outDir = await tempDir();
  return { root, manifest, folder, restart, checkpoint, commits, outDir, out: join(outDir, 'out.db') };
}

/** `segscope verify --json`'s entry for a generation. */
async function verified(root: string, uuid: string) {
  const run = await runCli(['verify', root, '--json']);
  const found = JSON.parse(run.out) as {
    segments: { file: string; problems: { code: string; severity: string; message: string }[] }[];
  };
  return { code: run.code, problems: found.segments.find((s) => s.file.includes(uuid))?.problems ?? [] };
}

describe('bottomless restores never stand quietly on pieces that are not there', () => {
  it("a restart generation's snapshot gone: verify fails, its points are refused alike, points says why", async () => {
    const { root, folder, restart, outDir, out } = await sample();
    const snapshot = join(folder(restart.uuid), restart.snapshot ?? '');
    await rm(snapshot);
    const check = await verified(root, restart.uuid);
    expect(check.code).toBe(1);
    expect(check.problems).toContainEqual(
      expect.objectContaining({
        code: 'GENERATION_CHAIN',
        severity: 'error',
        message: expect.stringContaining(`(ns-:default-${restart.uuid}/db.raw) is missing`),
      }),
    );
    // Four seconds after the generation was created: its batches have not been flushed yet.
    const time = new Date(Math.floor(restart.created_ms / 1000) * 1000 + 4000).toISOString();
    for (const args of [
      ['restore', root, '--out', out, '--until-frame', `${restart.uuid}:2`],
      ['restore', root, '--out', out],
      ['restore', root, '--out', out, '--until-time', time],
      ['sql', root, '--at-time', time, 'SELECT count(*) FROM sqlite_master'],
    ]) {
      const run = await runCli(args);
      expect(run.code, args.join(' ')).toBe(1);
      expect(run.err).toContain(`GENERATION_CHAIN: generation ${restart.uuid} has no snapshot and no .dep`);
      expect(run.out).toBe('');
    }
    expect(await readdir(outDir)).toEqual([]);
    const points = await runCli(['points', root, '--json']);
    expect(points.code).toBe(1);
    const listed = JSON.parse(points.out) as { points: { generation: string }[]; unreadable: { code: string }[] };
    expect(listed.points.some((p) => p.generation === restart.uuid)).toBe(false);
    expect(listed.unreadable).toContainEqual(
      expect.objectContaining({ code: 'GENERATION_CHAIN', generation: restart.uuid }),
    );
    // Without its .changecounter too, the older generations still say it did not start empty.
    await rm(join(folder(restart.uuid), '.changecounter'));
    const bare = await runCli(['restore', root, '--out', out]);
    expect(bare.err).toContain('4 older generation(s) in the bucket say it is not the database');
    expect(existsSync(out)).toBe(false);
  });

  it("a checkpoint generation's snapshot gone: restored through its .dep, as bottomless does", async () => {
    const { root, folder, checkpoint, commits, out } = await sample();
    await rm(join(folder(checkpoint.uuid), checkpoint.snapshot ?? ''));
    const last = commits(checkpoint.uuid).at(-1);
    if (!last) throw new Error('no commit in the checkpoint generation');
    const run = await runCli(['restore', root, ...restoreAtArgs(last, out)]);
    expect(run.code, run.err).toBe(0);
    expect(sampleDigest(out)).toBe(last.digest);
    const check = await verified(root, checkpoint.uuid);
    expect(check.problems).toContainEqual(
      expect.objectContaining({ code: 'NOT_FOUND', severity: 'warning', message: expect.stringContaining('.dep') }),
    );
  });

  it('a generation without .meta: a point past its frame 0 is refused naming .meta; the newest too', async () => {
    const { root, folder, restart, commits, outDir, out } = await sample();
    await rm(join(folder(restart.uuid), '.meta'));
    const last = commits(restart.uuid).at(-1);
    if (!last) throw new Error('no commit in the restart generation');
    for (const args of [
      ['restore', root, ...restoreAtArgs(last, out)],
      ['restore', root, '--out', out],
    ]) {
      const run = await runCli(args);
      expect(run.code, args.join(' ')).toBe(1);
      expect(run.err).toContain(`UNPROVEN_FRAMES: frames 1..80 of generation ${restart.uuid} cannot be proven`);
      expect(run.err).toContain(`it has no .meta (ns-:default-${restart.uuid}/.meta)`);
      expect(run.err).toContain(`--allow-gaps restores up to the last commit before it: ${restart.uuid}:0`);
    }
    expect(await readdir(outDir)).toEqual([]);
    // Its snapshot alone stands, asked for.
    const snapshot = await runCli(['restore', root, '--out', out, '--until-frame', `${restart.uuid}:0`, '--json']);
    expect(snapshot.code, snapshot.err).toBe(0);
    expect(JSON.parse(snapshot.out)).toMatchObject({ untilFrameNo: 0, pages: 33 });
    const check = await verified(root, restart.uuid);
    expect(check.code).toBe(1);
    expect(check.problems).toContainEqual(
      expect.objectContaining({ code: 'NOT_FOUND', severity: 'error', message: expect.stringContaining('no .meta') }),
    );
    const points = await runCli(['points', root]);
    expect(points.code).toBe(1);
    expect(points.out).toContain(`not read: UNPROVEN_FRAMES: frames 1..80 of generation ${restart.uuid}`);
  });

  it('a batch cut short is named with its damage and the point before it; no tail called never committed', async () => {
    const { root, folder, restart, commits, out } = await sample();
    const batch = restart.batches.find((b) => b.first === 26);
    if (!batch) throw new Error('sample lacks the batch of frames 26..28');
    const path = join(folder(restart.uuid), batch.key);
    const whole = await readFile(path);
    await writeFile(path, whole.subarray(0, whole.length - 1000));
    const before = commits(restart.uuid)
      .filter((p) => p.frame < 26)
      .at(-1);
    const run = await runCli(['restore', root, '--out', out]);
    expect(run.code).toBe(1);
    expect(run.err).toContain(
      `TRUNCATED_SEGMENT: ns-:default-${restart.uuid}/${batch.key} holds fewer frames than its name says: ` +
        `frames 28..28 of generation ${restart.uuid} are missing from it`,
    );
    expect(run.err).toContain(`the last commit before it: ${restart.uuid}:${before?.frame}`);
    const cut = await verified(root, restart.uuid);
    expect(cut.problems.map((p) => p.code)).toContain('TRUNCATED_SEGMENT');
    expect(cut.problems.map((p) => p.code)).not.toContain('MISSING_COMMIT_FRAME');
    // Gone: frames 20..25 wait for frame 28's commit, which is in no batch; they are no uncommitted tail.
    await rm(path);
    const gone = await verified(root, restart.uuid);
    expect(gone.problems.map((p) => p.code)).toContain('CHAIN_GAP');
    expect(gone.problems.map((p) => p.code)).not.toContain('MISSING_COMMIT_FRAME');
  });
});
