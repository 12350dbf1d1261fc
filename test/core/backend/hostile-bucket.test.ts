import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FsBackend } from '../../../core/backend/fs-backend.js';
import { seedBucketOnS3 } from '../../support/seed-bucket.js';
import { HOSTILE_KEY, type HostileS3, type Misbehaviour, startHostileS3 } from '../../support/hostile-s3.js';
import { s3Settings } from '../../support/s3-fixtures.js';
import { tempDir } from '../../support/segments.js';

interface AttemptOptions {
  maxListPages?: number;
  byKey?: boolean;
  maxSegmentBytes?: bigint;
}

describe('a hostile bucket cannot fill the disk, hang Segscope, or grow its memory', () => {
  let hostile: HostileS3;
  beforeAll(async () => {
    hostile = await startHostileS3();
  });
  afterAll(async () => {
    await hostile?.close();
  });

  /**
   * A backend on the hostile server, with short bounds unless `defaults`, and what the attempt
   * left on disk. The attempt fetches frame 5, or with `byKey` the one segment by its key (as a
   * verify does), in a namespace nothing listed before.
   */
  async function attempt(
    mode: Misbehaviour,
    { byKey = false, maxSegmentBytes = 1n << 30n, ...options }: AttemptOptions = {},
    defaults = false,
  ) {
    const prefix = await tempDir();
    const short = { maxAttempts: 1, connectTimeoutMs: 1000, requestTimeoutMs: 1500, ...options };
    const remote = seedBucketOnS3(s3Settings(hostile.endpoint, mode), defaults ? {} : short);
    const downloadLimits = defaults ? {} : { maxSegmentBytes, idleMs: 1000, baseDeadlineMs: 3000 };
    const backend = new FsBackend({ prefix, remote, downloadLimits });
    const before = hostile.requests.length;
    const started = Date.now();
    const fetching = byKey
      ? backend.cacheKey('default', HOSTILE_KEY)
      : backend.fetchSegment('default', 5n, join(prefix, 'out'));
    const outcome = await fetching.then(
      () => null,
      (error: unknown) => error,
    );
    const elapsedMs = Date.now() - started;
    const left = await readdir(prefix, { recursive: true });
    await remote.close();
    return { outcome, elapsedMs, left, requests: hostile.requests.length - before };
  }

  it('a body longer than its listing is cut as soon as it passes the listed size', async () => {
    const r = await attempt('endless-body');
    expect(r.outcome).toMatchObject({
      code: 'TRUNCATED_SEGMENT',
      message: expect.stringContaining('the listing said 100 bytes'),
    });
    expect(r.elapsedMs).toBeLessThan(3000);
    expect(r.left.filter((f) => f !== 'segments')).toEqual([]);
  });

  it('a segment fetched by key in a namespace not listed yet is held to its listed size too', async () => {
    // The maximum is far above the listed 100 bytes, so only the listing can have cut it there.
    const r = await attempt('endless-body', { byKey: true, maxSegmentBytes: 1n << 20n });
    expect(r.outcome).toMatchObject({
      code: 'TRUNCATED_SEGMENT',
      message: expect.stringContaining('the listing said 100 bytes'),
    });
    expect(r.left.filter((f) => f !== 'segments')).toEqual([]);
  });

  it('a Content-Length that disagrees with the listing is refused before a byte is written', async () => {
    const r = await attempt('huge-length');
    expect(r.outcome).toMatchObject({
      code: 'TRUNCATED_SEGMENT',
      message: expect.stringContaining('is sending 10000000000000'),
    });
    expect(r.left.filter((f) => f !== 'segments')).toEqual([]);
  });

  it('a segment listed past the configured maximum is never fetched', async () => {
    const r = await attempt('huge-listing');
    expect(r.outcome).toMatchObject({
      code: 'TRUNCATED_SEGMENT',
      message: expect.stringContaining('more than the 1073741824 accepted'),
    });
    expect(r.left).toEqual([]);
  });

  it('a LIST that is never answered ends in REMOTE_UNAVAILABLE within seconds', async () => {
    const r = await attempt('silent-list');
    expect(r.outcome).toMatchObject({ code: 'REMOTE_UNAVAILABLE' });
    expect(r.elapsedMs).toBeLessThan(5000);
  });

  it(
    'with the default settings, a LIST or GET never answered and a body that ' +
      'stops each end in REMOTE_UNAVAILABLE within 60 s, retries included',
    async () => {
      const [list, get, body] = await Promise.all([
        attempt('silent-list', {}, true),
        attempt('silent-get', {}, true),
        attempt('stalled-body', {}, true),
      ]);
      for (const r of [list, get, body]) {
        expect(r.outcome).toMatchObject({ code: 'REMOTE_UNAVAILABLE' });
        expect(r.elapsedMs).toBeLessThan(60_000);
        expect(r.left.filter((f) => f !== 'segments')).toEqual([]);
      }
      // The deadline spans the attempts: the SDK retried within it rather than waiting 30 s three times.
      expect(list.requests).toBeGreaterThan(1);
      expect(list.outcome).toMatchObject({
        message: expect.stringContaining('did not answer within 40 s while listing'),
      });
      expect(get.outcome).toMatchObject({
        message: expect.stringContaining('did not answer within 40 s while reading'),
      });
    },
    90_000,
  );

  it('a body that stalls after 40 bytes ends in REMOTE_UNAVAILABLE, with nothing kept', async () => {
    const r = await attempt('stalled-body');
    expect(r.outcome).toMatchObject({
      code: 'REMOTE_UNAVAILABLE',
      message: expect.stringContaining('sent nothing for 1000 ms after 40 bytes'),
    });
    expect(r.elapsedMs).toBeLessThan(4000);
    expect(r.left.filter((f) => f !== 'segments')).toEqual([]);
  });

  it('empty pages that claim more follow stop at once instead of being asked for forever', async () => {
    const r = await attempt('empty-truncated');
    expect(r.outcome).toMatchObject({
      code: 'REMOTE_UNAVAILABLE',
      message: expect.stringContaining('does not advance'),
    });
    expect(r.requests).toBe(1);
  });

  it('an endless listing stops at the page bound', async () => {
    const r = await attempt('junk-forever', { maxListPages: 40 });
    expect(r.outcome).toMatchObject({ code: 'REMOTE_UNAVAILABLE', message: expect.stringContaining('past 40 pages') });
    expect(r.requests).toBe(40);
  });

  it('keys that are not segments are counted, not kept: 30,000 junk keys leave 21 entries', async () => {
    const remote = seedBucketOnS3(s3Settings(hostile.endpoint, 'junk-30-pages'), { maxAttempts: 1 });
    const listing = await remote.list('default');
    await remote.close();
    expect(listing.segments).toEqual([]);
    expect(listing.unrecognized).toHaveLength(21);
    expect(listing.unrecognized.at(-1)?.message).toBe('29980 more keys that are not segments were skipped');
  });
});
