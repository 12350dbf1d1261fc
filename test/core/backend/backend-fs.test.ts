import { mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FsBackend } from '../../../core/backend/fs-backend.js';
import type { ProgressEvent } from '../../../core/progress.js';
import { encodeV0Header, decodeV0Header } from '../../../core/format/segment-v0.js';
import { seedBucketInFolder } from '../../support/seed-bucket.js';
import { noneRemote } from '../../../core/layouts/none-remote.js';
import { remoteSegmentsPrefix } from '../../../core/layouts/seed-bucket-prefix.js';
import { buildSegment, keyFor, tempDir, writeSegmentDir } from '../../support/segments.js';

const NOW = 1_750_000_000n;

function backend(prefix: string, remoteDir?: string): FsBackend {
  const remote = remoteDir ? seedBucketInFolder(remoteDir, 'c1') : noneRemote();
  return new FsBackend({ prefix, remote, now: () => NOW });
}

describe('fs backend', () => {
  it(
    "passes libsql-wal's own test: store a 40-byte " + 'header-only segment, fetch frame 5, read the header back',
    async () => {
      const prefix = await tempDir();
      const header = {
        frameCount: 10n,
        segmentId: '0190e0b6-2c5b-7a4c-8f00-0123456789ab',
        startFrameNo: 0n,
        endFrameNo: 64n,
      };
      const b = backend(prefix);
      const stored = await b.store('default', { bytes: encodeV0Header(header), name: 'dropped' });
      expect(stored.key).toBe(keyFor(0n, 64n, NOW));
      const dest = join(prefix, 'fetched');
      const fetched = await b.fetchSegment('default', 5n, dest);
      expect(fetched.source).toBe('local');
      expect(decodeV0Header(await readFile(dest))).toEqual(header);
      // A hard link, not a copy: the cached file and the destination are one inode.
      expect((await stat(dest)).ino).toBe((await stat(fetched.cachedPath)).ino);
    },
  );

  it('keeps default and empty namespaces in <prefix>/segments and others in namespaces/<ns>/segments', async () => {
    const prefix = await tempDir();
    const b = backend(prefix);
    await b.store('', { bytes: buildSegment({ start: 1n, end: 5n }), name: 'a' });
    await b.store('tenant-1', { bytes: buildSegment({ start: 1n, end: 9n }), name: 'b' });
    expect(await readdir(join(prefix, 'segments'))).toEqual([keyFor(1n, 5n, NOW)]);
    expect(await readdir(join(prefix, 'namespaces', 'tenant-1', 'segments'))).toEqual([keyFor(1n, 9n, NOW)]);
    expect((await b.meta('default')).maxFrameNo).toBe(5n);
    expect((await b.meta('tenant-1')).maxFrameNo).toBe(9n);
  });

  it('keeps the creation time from a source name that is a valid key', async () => {
    const prefix = await tempDir();
    const b = backend(prefix);
    const name = keyFor(3n, 7n, 1_600_000_000n);
    const stored = await b.store('default', { bytes: buildSegment({ start: 3n, end: 7n }), name });
    expect(stored.key).toBe(name);
  });

  it('stores identical bytes again as a no-op and refuses different bytes unless asked to replace', async () => {
    const prefix = await tempDir();
    const b = backend(prefix);
    const first = buildSegment({ start: 1n, end: 4n, segmentId: '00000000-0000-0000-0000-000000000001' });
    const second = buildSegment({ start: 1n, end: 4n, segmentId: '00000000-0000-0000-0000-000000000002' });
    const name = keyFor(1n, 4n);
    await b.store('default', { bytes: first, name });
    expect((await b.store('default', { bytes: first, name })).unchanged).toBe(true);
    await expect(b.store('default', { bytes: second, name })).rejects.toMatchObject({ code: 'SEGMENT_EXISTS' });
    const path = join(prefix, 'segments', name);
    expect(new Uint8Array(await readFile(path))).toEqual(first);
    expect(await readdir(join(prefix, 'segments'))).toEqual([name]);
    await b.store('default', { bytes: second, name }, { replace: true });
    expect(new Uint8Array(await readFile(path))).toEqual(second);
  });

  it('finds frames by binary search across gaps and overlaps, at the edges of ranges', async () => {
    const prefix = await tempDir();
    await writeSegmentDir(prefix, [
      { start: 1n, end: 10n },
      { start: 11n, end: 20n },
      { start: 31n, end: 40n },
      { start: 5n, end: 35n },
    ]);
    const index = await backend(prefix).index('default');
    expect(index.find(1n)?.name).toBe(keyFor(1n, 10n));
    expect(index.find(10n)?.name).toBe(keyFor(5n, 35n));
    expect(index.find(4n)?.name).toBe(keyFor(1n, 10n));
    expect(index.find(25n)?.name).toBe(keyFor(5n, 35n));
    expect(index.find(36n)?.name).toBe(keyFor(31n, 40n));
    expect(index.find(41n)).toBeNull();
    expect(index.find(0n)).toBeNull();
  });

  it('does not re-read the directory on fetch: its own writes keep the cached listing current', async () => {
    const prefix = await tempDir();
    const b = backend(prefix);
    await b.store('default', { bytes: buildSegment({ start: 1n, end: 5n }), name: 'x' });
    // A file placed behind the backend's back is not seen until the listing is refreshed.
    await writeFile(join(prefix, 'segments', keyFor(6n, 9n)), buildSegment({ start: 6n, end: 9n }));
    await expect(b.fetchSegment('default', 7n, join(prefix, 'd1'))).rejects.toMatchObject({ code: 'FRAME_NOT_FOUND' });
    await b.store('default', { bytes: buildSegment({ start: 10n, end: 12n }), name: 'y' });
    expect((await b.fetchSegment('default', 11n, join(prefix, 'd2'))).key).toBe(keyFor(10n, 12n, NOW));
    b.forget('default');
    expect((await b.fetchSegment('default', 7n, join(prefix, 'd3'))).key).toBe(keyFor(6n, 9n));
  });

  it('fetches from a directory remote laid out like the bucket, caches the segment, then links it', async () => {
    const prefix = await tempDir();
    const remoteDir = await tempDir();
    const bytes = buildSegment({ start: 100n, end: 120n });
    const folder = join(remoteDir, ...remoteSegmentsPrefix('c1', 'default').split('/'));
    await mkdir(folder, { recursive: true });
    await writeFile(join(folder, keyFor(100n, 120n)), bytes);
    await mkdir(join(prefix, 'segments'), { recursive: true });
    const b = backend(prefix, remoteDir);
    const dest = join(prefix, 'out.segment');
    const events: ProgressEvent[] = [];
    const result = await b.fetchSegment('default', 120n, dest, { onProgress: (e) => events.push(e) });
    expect(events.at(-1)).toEqual({
      id: `fetch:${keyFor(100n, 120n)}`,
      phase: 'download',
      done: bytes.length,
      total: bytes.length,
    });
    expect(result).toMatchObject({ source: 'remote', key: keyFor(100n, 120n) });
    expect(new Uint8Array(await readFile(dest))).toEqual(bytes);
    expect(result.cachedPath).toBe(join(prefix, 'segments', keyFor(100n, 120n)));
    // The second fetch of the same frame is served from the cache.
    expect((await b.fetchSegment('default', 101n, join(prefix, 'again'))).source).toBe('local');
  });

  it('uploads a stored segment to the remote under the exact key', async () => {
    const prefix = await tempDir();
    const remoteDir = await tempDir();
    const b = backend(prefix, remoteDir);
    const bytes = buildSegment({ start: 1n, end: 3n });
    const stored = await b.store('default', { bytes, name: 'z' });
    expect(stored.uploaded).toBe(true);
    const object = join(remoteDir, 'ns-c1:default-v2', 'segments', stored.key);
    expect(new Uint8Array(await readFile(object))).toEqual(bytes);
  });

  it('replaces an existing destination only when asked, and into a directory under the key', async () => {
    const prefix = await tempDir();
    await writeSegmentDir(prefix, [{ start: 1n, end: 8n }]);
    const b = backend(prefix);
    const dest = join(prefix, 'taken');
    await writeFile(dest, 'keep me');
    await expect(b.fetchSegment('default', 2n, dest)).rejects.toMatchObject({ code: 'DESTINATION_EXISTS' });
    expect(await readFile(dest, 'utf8')).toBe('keep me');
    await b.fetchSegment('default', 2n, dest, { replace: true });
    expect((await readFile(dest)).length).toBeGreaterThan(40);
    const outDir = await tempDir();
    const into = await b.fetchSegmentInto('default', 8n, outDir);
    expect(into.path).toBe(join(outDir, keyFor(1n, 8n)));
  });

  // /dev/shm is a tmpfs, another filesystem than the temp dir's: a real cross-device link.
  it.skipIf(!existsSync('/dev/shm'))(
    'copies instead of linking when the destination is on another filesystem (EXDEV)',
    async () => {
      const prefix = await tempDir();
      const [path] = await writeSegmentDir(prefix, [{ start: 1n, end: 4n }]);
      const other = await mkdtemp('/dev/shm/segscope-');
      try {
        const dest = join(other, 'seg');
        await backend(prefix).fetchSegment('default', 2n, dest);
        expect(await readFile(dest)).toEqual(await readFile(path ?? ''));
        expect((await stat(dest)).dev).not.toBe((await stat(path ?? '')).dev);
      } finally {
        await rm(other, { recursive: true, force: true });
      }
    },
  );
});
