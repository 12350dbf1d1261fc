import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSegscopeApi } from '../../../core/api/api.js';
import { API_METHODS, invokeApi } from '../../../core/api/schemas.js';
import type { ProgressEvent } from '../../../core/progress.js';
import { copyVector } from '../../support/real-data.js';
import { buildSegment, keyFor, tempDir, writeSegmentDir } from '../../support/segments.js';

/** `everyEvent`: progress unthrottled, for a test that reads each event. */
function newApi(events: ProgressEvent[] = [], signal?: AbortSignal, everyEvent = false) {
  return createSegscopeApi(
    { dir: null, layout: null, namespace: 'default', remote: { kind: 'none' } },
    {
      onProgress: (e) => events.push(e),
      ...(signal ? { signal } : {}),
      ...(everyEvent ? { progressIntervalMs: 0 } : {}),
    },
  );
}

describe('the API object', () => {
  it('exposes exactly the methods of the contract, each with a schema', () => {
    const api = newApi();
    expect([...API_METHODS].sort()).toEqual(Object.keys(api).sort());
  });

  it('opens a directory, lists, inspects, compares, verifies with progress, and fetches into a directory', async () => {
    const prefix = await tempDir();
    await writeSegmentDir(prefix, [
      { start: 1n, end: 5n },
      { start: 6n, end: 9n },
    ]);
    const events: ProgressEvent[] = [];
    const api = newApi(events);
    expect(await invokeApi(api, 'openDirectory', { dir: prefix })).toMatchObject({ dir: prefix, layout: null });
    const list = (await invokeApi(api, 'list', {})) as { segments: unknown[] };
    expect(list.segments).toHaveLength(2);
    const inspected = (await invokeApi(api, 'inspect', { file: keyFor(1n, 5n), frames: true })) as {
      frames: unknown[];
      problems: unknown[];
    };
    expect(inspected.problems).toEqual([]);
    expect(inspected.frames).toHaveLength(5);
    expect(await invokeApi(api, 'verify', {})).toMatchObject({ ok: true });
    expect(events.at(-1)).toMatchObject({ phase: 'verify', done: 2, total: 2 });
    const out = await tempDir();
    expect(await invokeApi(api, 'fetchByFrame', { frameNo: 7n, destDir: out })).toMatchObject({
      source: 'local',
      path: join(out, keyFor(6n, 9n)),
    });
    expect(await invokeApi(api, 'meta', {})).toEqual({ maxFrameNo: 9n });
  });

  it('stores files by path and reports each: stored or refused with its code', async () => {
    const prefix = await tempDir();
    const api = newApi();
    await invokeApi(api, 'openDirectory', { dir: prefix });
    const src = await tempDir();
    await writeFile(join(src, 'good.segment'), buildSegment({ start: 1n, end: 2n }));
    await writeFile(join(src, 'notes.txt'), 'hello there, not a segment at all........');
    const result = await invokeApi(api, 'storeFiles', { paths: [join(src, 'good.segment'), join(src, 'notes.txt')] });
    expect(result).toMatchObject({
      stored: [{ source: join(src, 'good.segment') }],
      refused: [{ source: join(src, 'notes.txt'), code: 'NOT_A_SEGMENT' }],
    });
    expect((await readdir(join(prefix, 'segments'))).length).toBe(1);
  });

  it('never hands the secret key back, and keeps it when settings are re-saved without it', async () => {
    const api = newApi();
    const s3 = {
      kind: 's3',
      bucket: 'my-bucket',
      endpoint: null,
      region: 'us-east-1',
      clusterId: 'c1',
      accessKeyId: 'AK',
      secretAccessKey: 'SECRET',
    } as const;
    const saved = await invokeApi(api, 'setRemote', s3);
    expect(JSON.stringify(saved)).not.toContain('SECRET');
    expect(saved).toMatchObject({ remote: { hasSecretAccessKey: true } });
    const again = await invokeApi(api, 'setRemote', { ...s3, secretAccessKey: null });
    expect(again).toMatchObject({ remote: { hasSecretAccessKey: true } });
  });

  it.each([
    ['an unknown method', 'deleteEverything', {}],
    ['a relative directory', 'openDirectory', { dir: 'segments' }],
    ['a path with NUL', 'openDirectory', { dir: '/tmp/\0x' }],
    ['a file that is not a key', 'inspect', { file: '../../etc/passwd' }],
    ['an extra field', 'list', { sneaky: true }],
    ['a frame number as a string', 'fetchByFrame', { frameNo: '5', destDir: '/tmp' }],
    ['a negative frame number', 'fetchByFrame', { frameNo: -1n, destDir: '/tmp' }],
    ['a file name with a separator', 'inspect', { file: '../x.segment' }],
    ['a relative path to store', 'storeFiles', { paths: ['x.segment'] }],
    ['a remote with an unknown kind', 'setRemote', { kind: 'ftp' }],
    ['not an object at all', 'compare', 'a,b'],
  ])('refuses %s with INVALID_ARGUMENT before calling anything', async (_label, method, input) => {
    await expect(invokeApi(newApi(), method, input)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  it('a field out of bounds is named in a sentence, with why in brackets', async () => {
    await expect(invokeApi(newApi(), 'sql', { query: 'SELECT 1', atFrameNo: 1n, limit: 2e6 })).rejects.toThrow(
      /^a sql request was refused: its limit is not valid \(too big: expected number to be <=1000000\)$/,
    );
    await expect(invokeApi(newApi(), 'fetchByFrame', { frameNo: 5n })).rejects.toThrow(
      /^a fetchByFrame request was refused: its destDir is not valid \(invalid input: expected string/,
    );
  });

  it('says to open a directory first instead of failing obscurely', async () => {
    await expect(invokeApi(newApi(), 'list', {})).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: expect.stringContaining('open one first'),
    });
  });

  it('refuses to open a directory that does not exist and keeps the previous one', async () => {
    const prefix = await tempDir();
    await writeSegmentDir(prefix, [{ start: 1n, end: 2n }]);
    const api = newApi();
    await invokeApi(api, 'openDirectory', { dir: prefix });
    await expect(invokeApi(api, 'openDirectory', { dir: join(prefix, 'nope') })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(await invokeApi(api, 'getSettings', {})).toMatchObject({ dir: prefix });
    await writeFile(join(prefix, 'segments', 'junk'), 'x');
    expect(((await invokeApi(api, 'list', {})) as { unrecognized: unknown[] }).unrecognized).toHaveLength(1);
  });
});

describe('queries through the API', () => {
  it('report the restore of their point, then the rows read so far, and end complete', async () => {
    const root = await copyVector('sqld');
    const events: ProgressEvent[] = [];
    const stop = new AbortController();
    const api = newApi(events, stop.signal, true);
    try {
      await invokeApi(api, 'openDirectory', { dir: root });
      const endless = 'WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT i FROM n';
      const result = (await invokeApi(api, 'sql', { query: endless, atFrameNo: 90n, limit: 12_000 })) as {
        rows: unknown[];
        truncated: boolean;
      };
      expect(result.rows).toHaveLength(12_000);
      expect(result.truncated).toBe(true);
      const restore = events.filter((e) => e.phase === 'restore');
      expect(restore.at(-1)?.done).toBe(restore.at(-1)?.total);
      const rows = events.filter((e) => e.phase === 'rows').map((e) => [e.done, e.total]);
      expect(rows).toEqual([
        [5_000, 12_000],
        [10_000, 12_000],
        [12_000, 12_000],
      ]);
    } finally {
      stop.abort();
    }
  });
});
