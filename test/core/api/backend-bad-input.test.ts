import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { FsBackend } from '../../../core/backend/fs-backend.js';
import { Workspace } from '../../../core/api/workspace.js';
import { encodeV0Header } from '../../../core/format/segment-v0.js';
import { noneRemote } from '../../../core/layouts/none-remote.js';
import type { RemoteStorage } from '../../../core/layouts/remote.js';
import { buildSegment, keyFor, tempDir, writeSegmentDir } from '../../support/segments.js';

/** A remote that answers every fetch with the given name: stands in for a hostile bucket listing. */
function remoteAnswering(name: string, bytes: Uint8Array): RemoteStorage {
  return {
    ...noneRemote(),
    kind: 'directory',
    description: 'hostile test remote',
    fetch: async () => ({
      segment: { key: name, startFrameNo: 1n, endFrameNo: 9n, createdAt: 0n, size: BigInt(bytes.length) },
      body: Readable.from([bytes]),
      contentLength: BigInt(bytes.length),
    }),
  };
}

async function listSegments(prefix: string) {
  return (await Workspace.open(prefix, { remote: { kind: 'none' } })).list('default');
}

async function filesUnder(dir: string): Promise<string[]> {
  return (await readdir(dir, { recursive: true })).sort();
}

describe('fs backend with bad input', () => {
  it('refuses a prefix that is missing or is a file, with NOT_FOUND', async () => {
    const root = await tempDir();
    await writeFile(join(root, 'plain-file'), 'x');
    for (const prefix of [join(root, 'missing'), join(root, 'plain-file')]) {
      const b = new FsBackend({ prefix, remote: noneRemote() });
      await expect(listSegments(prefix)).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(b.fetchSegment('default', 1n, join(root, 'dest'))).rejects.toMatchObject({
        code: expect.stringMatching(/NOT_FOUND/),
      });
    }
    expect(await readdir(root)).toEqual(['plain-file']);
  });

  it('refuses a segments path that is not a directory with a clear I/O error', async () => {
    const prefix = await tempDir();
    await writeFile(join(prefix, 'segments'), 'not a folder');
    await expect(listSegments(prefix)).rejects.toMatchObject({
      code: 'IO_ERROR',
      message: expect.stringContaining('not a directory'),
    });
  });

  it('lists junk names as unrecognized and damaged segments by status, without failing', async () => {
    const prefix = await tempDir();
    await writeSegmentDir(prefix, [{ start: 1n, end: 4n }]);
    const dir = join(prefix, 'segments');
    const whole = buildSegment({ start: 5n, end: 8n });
    await writeFile(join(dir, keyFor(5n, 8n)), whole.subarray(0, whole.length - 100));
    await writeFile(join(dir, keyFor(9n, 9n)), new Uint8Array());
    await writeFile(join(dir, keyFor(10n, 12n)), buildSegment({ start: 10n, end: 13n }));
    await writeFile(join(dir, 'README'), 'hello');
    await writeFile(join(dir, '0000000000000000001-x-0000000000000000001.segment'), '');
    await mkdir(join(dir, 'sub'));
    const result = await listSegments(prefix);
    expect([...result.segments].map((s) => [s.startFrameNo, s.status])).toEqual([
      [1n, 'ok'],
      [5n, 'truncated'],
      [9n, 'not_a_segment'],
      [10n, 'header_mismatch'],
    ]);
    expect(result.unrecognized.map((u) => [u.file, u.code]).sort()).toEqual([
      ['0000000000000000001-x-0000000000000000001.segment', 'INVALID_SEGMENT_NAME'],
      ['README', 'INVALID_SEGMENT_NAME'],
      ['sub', 'NOT_A_SEGMENT'],
    ]);
  });

  it('refuses to store empty, short or non-v0 files and writes nothing', async () => {
    const prefix = await tempDir();
    const b = new FsBackend({ prefix, remote: noneRemote() });
    const id = '00000000-0000-0000-0000-000000000000';
    const bad = [
      new Uint8Array(),
      new Uint8Array(39),
      encodeV0Header({ frameCount: 0n, segmentId: id, startFrameNo: 9n, endFrameNo: 2n }),
      encodeV0Header({ frameCount: 500n, segmentId: id, startFrameNo: 1n, endFrameNo: 10n }),
    ];
    for (const bytes of bad) {
      await expect(b.store('default', { bytes, name: 'bad' })).rejects.toMatchObject({ code: 'NOT_A_SEGMENT' });
    }
    expect(await filesUnder(prefix)).toEqual([]);
  });

  it('refuses a source whose name is a key that disagrees with its header (HEADER_MISMATCH)', async () => {
    const prefix = await tempDir();
    const b = new FsBackend({ prefix, remote: noneRemote() });
    await expect(
      b.store('default', { bytes: buildSegment({ start: 1n, end: 5n }), name: keyFor(1n, 6n) }),
    ).rejects.toMatchObject({
      code: 'HEADER_MISMATCH',
    });
    expect(await filesUnder(prefix)).toEqual([]);
  });

  it('refuses to link a local segment whose header disagrees with its name', async () => {
    const prefix = await tempDir();
    await mkdir(join(prefix, 'segments'));
    await writeFile(join(prefix, 'segments', keyFor(1n, 9n)), buildSegment({ start: 2n, end: 9n }));
    const b = new FsBackend({ prefix, remote: noneRemote() });
    await expect(b.fetchSegment('default', 3n, join(prefix, 'out'))).rejects.toMatchObject({ code: 'HEADER_MISMATCH' });
    expect(await readdir(prefix)).toEqual(['segments']);
  });

  it('answers a frame no segment covers with FRAME_NOT_FOUND and creates nothing', async () => {
    const prefix = await tempDir();
    await writeSegmentDir(prefix, [
      { start: 1n, end: 4n },
      { start: 10n, end: 12n },
    ]);
    const b = new FsBackend({ prefix, remote: noneRemote() });
    for (const frame of [0n, 5n, 9n, 13n, (1n << 64n) - 1n]) {
      await expect(b.fetchSegment('default', frame, join(prefix, 'out'))).rejects.toMatchObject({
        code: 'FRAME_NOT_FOUND',
      });
    }
    expect(await readdir(prefix)).toEqual(['segments']);
  });

  it('refuses a destination whose directory is missing', async () => {
    const prefix = await tempDir();
    await writeSegmentDir(prefix, [{ start: 1n, end: 4n }]);
    const b = new FsBackend({ prefix, remote: noneRemote() });
    await expect(b.fetchSegment('default', 2n, join(prefix, 'no', 'such', 'dir', 'x'))).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringContaining('destination directory'),
    });
  });

  it.each(['../escape.segment', '..', 'a/b.segment', `x/../${keyFor(1n, 9n)}`, '..\\evil'])(
    'refuses a remote file name that would escape the segments folder: %s',
    async (name) => {
      const prefix = await tempDir();
      await mkdir(join(prefix, 'segments'));
      const b = new FsBackend({ prefix, remote: remoteAnswering(name, buildSegment({ start: 1n, end: 9n })) });
      await expect(b.fetchSegment('default', 3n, join(prefix, 'out'))).rejects.toMatchObject({ code: 'UNSAFE_PATH' });
      expect(await filesUnder(prefix)).toEqual(['segments']);
    },
  );

  it('refuses a remote segment whose header disagrees with its key and leaves no partial file', async () => {
    const prefix = await tempDir();
    await mkdir(join(prefix, 'segments'));
    const b = new FsBackend({ prefix, remote: remoteAnswering(keyFor(1n, 9n), buildSegment({ start: 1n, end: 8n })) });
    await expect(b.fetchSegment('default', 3n, join(prefix, 'out'))).rejects.toMatchObject({ code: 'HEADER_MISMATCH' });
    expect(await filesUnder(prefix)).toEqual(['segments']);
  });

  it('refuses namespace names that would climb out of the prefix', async () => {
    const prefix = await tempDir();
    const b = new FsBackend({ prefix, remote: noneRemote() });
    for (const ns of ['..', '../x', 'a/b', 'a\\b', '.']) {
      await expect(b.store(ns, { bytes: buildSegment({ start: 1n, end: 2n }), name: 'x' })).rejects.toMatchObject({
        code: 'INVALID_ARGUMENT',
      });
    }
    expect(await readdir(prefix)).toEqual([]);
  });
});
