import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { PAGE_SIZE } from '../../../core/format/frame.js';
import { SEALED_HEADER_SIZE, SLOT_SIZE } from '../../../core/format/sealed-segment.js';
import { sqldSegmentName } from '../../../core/format/segment-name.js';
import type { ProgressEvent } from '../../../core/progress.js';
import { verifyShared } from '../../../core/inspect/verify-files.js';
import { tempDir } from '../../support/segments.js';
import { sealed as sealedOfPages } from '../../bench/sqld-dir-fixture.js';

const FRAMES = 512; // 2 MiB a file: enough work for the second thread to claim some

/** FRAMES pages from page 1, each file's page bytes its own. */
function sealed(start: bigint): Uint8Array {
  const page = new Uint8Array(PAGE_SIZE).map((_, i) => (i * 7 + Number(start)) & 0xff);
  return sealedOfPages(
    start,
    1,
    FRAMES,
    () => page,
    () => FRAMES,
  );
}

/**
 * Good sealed segments with bad files among them: a broken chain, a cut file, not a segment, a folder,
 * a missing path.
 */
async function mixedFiles(): Promise<string[]> {
  const dir = join(await tempDir(), 'data-wal');
  await mkdir(dir);
  const paths: string[] = [];
  for (let i = 0; i < 24; i++) {
    const start = BigInt(i * FRAMES + 1);
    const bytes = sealed(start);
    const damaged = SEALED_HEADER_SIZE + 40 * SLOT_SIZE + 100;
    if (i === 5) bytes[damaged] = (bytes[damaged] ?? 0) ^ 0xff;
    const path = join(dir, sqldSegmentName(start));
    await writeFile(path, i === 11 ? bytes.subarray(0, bytes.length - 5000) : bytes);
    paths.push(path);
  }
  await writeFile(join(dir, 'notes.txt'), 'not a segment');
  await mkdir(join(dir, sqldSegmentName(999_999n)));
  paths.splice(7, 0, join(dir, 'notes.txt'), join(dir, sqldSegmentName(999_999n)), join(dir, 'missing.seg'));
  return paths;
}

/** The second thread asked for at the first file: the work here is too short for the app's 50 ms. */
const AT_ONCE = 0;

const codesOf = (segments: { problems: { code: string }[] }[]) =>
  segments.map((s) => s.problems.map((p) => p.code).join(','));

describe('verify on two threads', () => {
  it(
    'gives the one-thread result, file for file, with the second ' +
      'thread taking part, and reports progress once a file',
    async () => {
      const paths = await mixedFiles();
      const alone = await verifyShared(paths, undefined, null);
      expect(alone.helped).toBe(0);
      expect(alone.result.ok).toBe(false);
      const failed = alone.result.segments.flatMap((s, i) => (s.ok ? [] : [i]));
      expect(failed).toEqual([5, 7, 8, 9, 14]);
      expect(codesOf(alone.result.segments)[5]).toContain('CHAIN_BROKEN');
      expect(codesOf(alone.result.segments)[9]).toBe('NOT_FOUND');
      // The first shared run may end before the thread has started; once started, it claims files at once.
      let helped = 0;
      for (let run = 0; run < 4 && helped === 0; run++) {
        const events: ProgressEvent[] = [];
        const shared = await verifyShared(paths, (e) => events.push(e), AT_ONCE);
        expect(shared.result).toEqual(alone.result);
        expect(events.map((e) => e.done)).toEqual(paths.map((_, i) => i + 1));
        expect(events.every((e) => e.total === paths.length && e.phase === 'verify')).toBe(true);
        helped = shared.helped;
      }
      expect(helped).toBeGreaterThan(0);
      expect(helped).toBeLessThan(paths.length);
    },
  );

  it('a process that used the second thread exits on its own', async () => {
    const paths = await mixedFiles();
    const url = pathToFileURL(join(process.cwd(), 'dist/core/inspect/verify-files.js')).href;
    const script = `import { verifyShared } from ${JSON.stringify(url)};
      const paths = ${JSON.stringify(paths)};
      let helped = 0;
      for (let run = 0; run < 4 && helped === 0; run++) helped = (await verifyShared(paths, undefined, 0)).helped;
      console.log(helped > 0);`;
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
      timeout: 20_000,
      maxBuffer: 1 << 20,
    });
    expect(stdout.trim()).toBe('true');
  });
});
