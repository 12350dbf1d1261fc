import { createHook } from 'node:async_hooks';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PAGE_SIZE } from '../../../core/format/frame.js';
import { SEALED_HEADER_SIZE } from '../../../core/format/sealed-segment.js';
import { sqldSegmentName } from '../../../core/format/segment-name.js';
import { verifyFiles } from '../../../core/inspect/verify-files.js';
import { tempDir } from '../../support/segments.js';
import { sealed } from '../../bench/sqld-dir-fixture.js';

const FILES = 40;

/** Small sealed segments, two frames each, back to back, with a damaged one, a cut one and three that are no file. */
async function smallFiles(): Promise<string[]> {
  const dir = join(await tempDir(), 'data-wal');
  await mkdir(dir);
  const page = new Uint8Array(PAGE_SIZE).fill(7);
  const paths: string[] = [];
  for (let i = 0; i < FILES; i++) {
    const start = BigInt(i * 2 + 1);
    const bytes = sealed(
      start,
      1,
      2,
      () => page,
      () => 2,
    );
    if (i === 3) bytes[SEALED_HEADER_SIZE + 100] = (bytes[SEALED_HEADER_SIZE + 100] ?? 0) ^ 0xff;
    const path = join(dir, sqldSegmentName(start));
    await writeFile(path, i === 9 ? bytes.subarray(0, bytes.length - 1000) : bytes);
    paths.push(path);
  }
  await mkdir(join(dir, 'folder.seg'));
  await symlink(paths[0] as string, join(dir, 'link.seg'));
  paths.push(join(dir, 'folder.seg'), join(dir, 'link.seg'), join(dir, 'missing.seg'));
  return paths;
}

describe('verify of many small files', () => {
  it('reads each without a round trip through the thread pool, and says what each file is', async () => {
    const paths = await smallFiles();
    let roundTrips = 0;
    // Every asynchronous fs call, by promise or by callback, is a request handed to libuv's pool.
    const hook = createHook({
      init(_id, type) {
        if (type === 'FSREQPROMISE' || type === 'FSREQCALLBACK') roundTrips++;
      },
    }).enable();
    let result;
    try {
      result = await verifyFiles(paths);
    } finally {
      hook.disable();
    }
    // A few at most from whatever else this process runs meanwhile; four a file were made before.
    expect(roundTrips).toBeLessThan(FILES);
    const codes = result.segments.map((s) => s.problems.map((p) => p.code).join(','));
    expect(result.segments.filter((s) => s.ok)).toHaveLength(FILES - 2);
    expect(codes[3]).toBe('CHAIN_BROKEN');
    expect(codes[9]?.split(',')).toContain('TRUNCATED_SEGMENT');
    expect(codes.slice(FILES)).toEqual(['IO_ERROR', 'SYMBOLIC_LINK', 'NOT_FOUND']);
    expect(result.segments[FILES]?.problems[0]?.message).toMatch(/is a directory/);
  });
});
