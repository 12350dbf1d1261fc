import { execFileSync } from 'node:child_process';
import { mkdir, readdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { runCli } from '../../support/cli.js';
import { buildSegment, keyFor, tempDir } from '../../support/segments.js';
import { SQLD_DEFAULT_SAMPLE } from '../../support/sqld-default-sample.js';

const SEGMENT = { start: 1n, end: 5n, pages: [1, 2, 3, 4, 5] };

async function segmentFile(): Promise<string> {
  const path = join(await tempDir(), keyFor(1n, 5n));
  await writeFile(path, buildSegment(SEGMENT));
  return path;
}

/** A tmpfs made read-only after `fill` has written into it (EROFS, as a read-only mount answers). */
async function readOnlyFolder(fill: (dir: string) => Promise<void>): Promise<string> {
  const dir = await tempDir();
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', dir]);
  onTestFinished(() => {
    execFileSync('umount', [dir]);
  });
  await fill(dir);
  execFileSync('mount', ['-o', 'remount,ro', dir]);
  return dir;
}

// The rule (exitStatusOf, core/errors.ts): 2 when an input could not be read, 1 for a problem found in one.
describe('exit statuses follow one rule by code', () => {
  it('store of a missing file is NOT_FOUND, exit 2, as everywhere else', async () => {
    const run = await runCli(['store', join(await tempDir(), 'nonexist'), '--dir', await tempDir()]);
    expect(run.err).toMatch(/^segscope: NOT_FOUND: /);
    expect(run.code).toBe(2);
  });

  it('inspect of a FIFO (not a regular file) exits 2 as a folder does, and says which it is', async () => {
    const fifo = join(await tempDir(), 'pipe');
    execFileSync('mkfifo', [fifo]);
    const run = await runCli(['inspect', fifo]);
    expect(run.err).toMatch(/^segscope: IO_ERROR: .*not a regular file \(a FIFO, socket or device\)/);
    expect(run.code).toBe(2);
    expect((await runCli(['inspect', await tempDir()])).code).toBe(2);
  });

  it('inspect of a folder (a namespace folder) is a usage error naming the commands that read a folder', async () => {
    const folder = join(SQLD_DEFAULT_SAMPLE, 'dbs', 'default');
    for (const argv of [
      ['inspect', folder],
      ['inspect', folder, '--page', '1'],
    ]) {
      const run = await runCli(argv);
      expect(run.err, argv.join(' ')).toBe(
        `segscope: INVALID_ARGUMENT: ${folder} is a folder, and inspect reads one file: give a file in it, or ` +
          'read the folder with `segscope list` or `segscope verify`\n',
      );
      expect(run.code).toBe(2);
    }
  });

  it('a symbolic link loop is SYMBOLIC_LINK, exit 2, for inspect and list alike', async () => {
    const loop = join(await tempDir(), 'loopa');
    await symlink(loop, loop);
    for (const argv of [
      ['inspect', loop],
      ['list', loop],
    ]) {
      const run = await runCli(argv);
      expect(run.err, argv[0]).toMatch(/^segscope: SYMBOLIC_LINK: /);
      expect(run.code, argv[0]).toBe(2);
    }
  });

  it('a remote folder that does not exist exits 2, as a local folder that does not exist', async () => {
    const cache = await tempDir();
    const run = await runCli(['list', cache, '--remote', `file://${join(await tempDir(), 'nobucket')}`]);
    expect(run.err).toMatch(/^segscope: REMOTE_\w+: /);
    expect(run.code).toBe(2);
  });

  it.skipIf(process.getuid?.() !== 0)(
    'a read-only file system: store and restore exit 2 and say so; an already stored segment is unchanged',
    async () => {
      const source = await segmentFile();
      const ro = await readOnlyFolder(async (dir) => {
        await mkdir(join(dir, 'stored'));
        expect((await runCli(['store', source, '--dir', join(dir, 'stored')])).code).toBe(0);
        await mkdir(join(dir, 'empty'));
      });
      const refused = await runCli(['store', source, '--dir', join(ro, 'empty')]);
      expect(refused.err).toMatch(/^segscope: IO_ERROR: .*read-only file system/);
      expect(refused.code).toBe(2);
      const again = await runCli(['store', source, '--dir', join(ro, 'stored')]);
      expect(again.err).toBe('');
      expect(again.out).toMatch(/^unchanged/);
      expect(again.code).toBe(0);
      expect(await readdir(join(ro, 'stored', 'segments'))).toEqual([keyFor(1n, 5n)]);
      const restored = await runCli(['restore', join(ro, 'stored'), '--out', join(ro, 'x.db')]);
      expect(restored.err).toMatch(/^segscope: IO_ERROR: .*read-only file system/);
      expect(restored.code).toBe(2);
    },
  );
});
