import { execFile } from 'node:child_process';
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { buildSegment, fetchFromFileRemote, keyFor, tempDir } from '../../support/segments.js';
import { workloadDir } from '../../support/workload.js';

const BIN = join(process.cwd(), 'bin', 'segscope.cjs');

/**
 * The real command under a file size limit (bash's `ulimit -f`, in KiB): a write past it is cut
 * short by the kernel and the next one fails with EFBIG, as a write meets a full disk (Node
 * ignores the SIGXFSZ signal that would otherwise end the process).
 */
async function underLimit(kib: number, args: string[]): Promise<{ code: number; out: string; err: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(
      'bash',
      ['-c', `ulimit -f ${kib}; exec "$0" "$@"`, process.execPath, BIN, ...args],
      { timeout: 20_000 },
    );
    return { code: 0, out: stdout, err: stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, out: failed.stdout ?? '', err: failed.stderr ?? '' };
  }
}

/** Five frames of 4 KiB: about 20 KiB, more than the 8 KiB the commands below may write to a file. */
const SEGMENT = { start: 5n, end: 9n, pages: [1, 2, 3, 4, 5] };
const LIMIT_KIB = 8;

// Before writes were continued when cut short, fetch published the cut segment (exit 0), store
// called it a damaged segment and restore failed as INTERNAL. IO_ERROR exits 2, for a store too.
describe('a disk that refuses a write', () => {
  it('fetch reports the disk (IO_ERROR), not a cut download, and keeps nothing', async () => {
    const { prefix, args } = await fetchFromFileRemote(SEGMENT, 7n);
    const run = await underLimit(LIMIT_KIB, args);
    expect(run.code).toBe(2);
    expect(run.err).toMatch(
      /^segscope: IO_ERROR: the segment being fetched would be larger than this system allows a file to be \(EFBIG\)/,
    );
    expect(run.err).not.toContain('was cut');
    expect(await readdir(join(prefix, 'segments'))).toEqual([]);
    expect(await readdir(prefix)).toEqual(['segments']);
  });

  it('store reports the disk and stores nothing', async () => {
    const prefix = await tempDir();
    const src = join(await tempDir(), keyFor(5n, 9n));
    await writeFile(src, buildSegment(SEGMENT));
    const run = await underLimit(LIMIT_KIB, ['store', src, '--dir', prefix]);
    // A store reports each file it refused on stderr; a disk that refuses is IO_ERROR, exit 2 (exitStatusOf).
    expect(run.code).toBe(2);
    expect(run.err).toMatch(
      new RegExp(
        /^segscope: IO_ERROR: .*: the segment being stored would be larger /.source +
          /than this system allows a file to be \(EFBIG\)/.source,
      ),
    );
    expect(await readdir(join(prefix, 'segments'))).toEqual([]);
  });

  it('restore reports the disk and leaves no database, whole or partial', async () => {
    const prefix = await tempDir();
    // A real database: the restore that succeeds below passes SQLite's quick_check before it is published.
    await workloadDir(prefix);
    const outDir = await tempDir();
    const run = await underLimit(LIMIT_KIB, ['restore', '--dir', prefix, '--out', join(outDir, 'restored.db')]);
    expect(run.code).toBe(2);
    expect(run.err).toMatch(
      /^segscope: IO_ERROR: the database being restored would be larger than this system allows a file to be \(EFBIG\)/,
    );
    expect(await readdir(outDir)).toEqual([]);
    // The same restore without the limit succeeds: the limit, not the data, refused it.
    expect((await underLimit(1024, ['restore', '--dir', prefix, '--out', join(outDir, 'restored.db')])).code).toBe(0);
  });
});
