import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../support/cli.js';
import { SQLD_DEFAULT_SAMPLE } from '../../support/sqld-default-sample.js';
import { tempDir } from '../../support/segments.js';

const SNAPSHOT = '163d4ab6-54af-4cf0-a19d-acb3523746a9-0-277.snap';

describe('list of a folder that holds no segment', () => {
  it('says so with UNKNOWN_LAYOUT (exit 1), naming what it holds and what was looked for', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'notes.txt'), 'not a segment\n');
    await mkdir(join(dir, 'photos'));
    const run = await runCli(['list', dir, '--json']);
    expect(run.code).toBe(1);
    expect(run.out).toBe('');
    expect(run.err).toMatch(
      /^segscope: UNKNOWN_LAYOUT: .* holds no segment: none of its 2 entries \(notes\.txt, photos\)/,
    );
    expect(run.err).toMatch(/sqld data directory \(dbs\/\).*check the path, or name the layout with --layout\n$/);
  });

  it('lists the same folder, 0 segments and what it holds, when the loose layout is asked for', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'notes.txt'), 'not a segment\n');
    const run = await runCli(['list', dir, '--layout', 'loose', '--json']);
    expect(run.code, run.err).toBe(0);
    const doc = JSON.parse(run.out) as { segments: unknown[]; unrecognized: { file: string; code: string }[] };
    expect(doc.segments).toEqual([]);
    expect(doc.unrecognized.map((u) => [u.file, u.code])).toEqual([['notes.txt', 'NOT_A_SEGMENT']]);
  });

  it('lists a segment beside files it does not know; an empty folder (a new seed store) is 0 segments', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'notes.txt'), 'not a segment\n');
    await copyFile(join(SQLD_DEFAULT_SAMPLE, 'dbs', 'default', 'snapshots', SNAPSHOT), join(dir, SNAPSHOT));
    const loose = await runCli(['list', dir, '--json']);
    expect(loose.code, loose.err).toBe(0);
    expect((JSON.parse(loose.out) as { segments: { file: string }[] }).segments.map((s) => s.file)).toEqual([SNAPSHOT]);
    const empty = await runCli(['list', await tempDir()]);
    expect(empty.code, empty.err).toBe(0);
    expect(empty.out).toMatch(/^0 segments of namespace default in .* \(seed layout\), max frame none\n$/);
  });
});
