import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSegscopeApi } from '../../../core/api/api.js';
import { invokeApi } from '../../../core/api/schemas.js';
import type { ListResult, NamespacesResult, PointsResult } from '../../../core/model/results.js';
import { bottomlessBucket, expectedRows, sampleDigest } from '../../support/bottomless-vectors.js';
import { manifest, rowsDigest } from '../../support/real-data.js';
import { tempDir } from '../../support/segments.js';
import { sharedBucket } from '../../support/shared-bucket.js';

/** The app's way in: a local folder, and the bucket that holds `default` in two layouts as its remote. */
async function openShared() {
  const bucket = await sharedBucket();
  const stop = new AbortController();
  const api = createSegscopeApi(
    {
      dir: await tempDir(),
      layout: null,
      namespace: null,
      remote: { kind: 'directory', path: bucket, clusterId: 'cluster-1' },
    },
    { signal: stop.signal },
  );
  return { api, stop };
}

const list = async (api: ReturnType<typeof createSegscopeApi>) => (await invokeApi(api, 'list', {})) as ListResult;

describe('a namespace is its layout and its name', () => {
  it('two namespaces named default in two layouts are listed, read and restored each as itself', async () => {
    const { api, stop } = await openShared();
    try {
      const found = (await invokeApi(api, 'namespaces', {})) as NamespacesResult;
      expect(found.namespaces.map((ns) => [ns.id, ns.name, ns.kind])).toEqual([
        ['libsql-wal/default', 'default', 'libsql-wal'],
        ['seed-bucket@c9/other', 'other', 'seed'],
        ['bottomless/default', 'default', 'bottomless'],
      ]);

      await invokeApi(api, 'selectNamespace', { namespace: 'bottomless/default' });
      const bottomless = await list(api);
      const { manifest: sample } = bottomlessBucket('raw');
      expect(bottomless.namespaceId).toBe('bottomless/default');
      expect(bottomless.layout).toBe('bottomless');
      // Each generation's snapshot and batches.
      expect(bottomless.segments).toHaveLength(expectedRows(sample).length);
      expect(new Set(bottomless.segments.map((s) => s.generation))).toEqual(
        new Set(sample.generations.filter((g) => g.batches.length > 0).map((g) => g.uuid)),
      );
      const points = (await invokeApi(api, 'points', {})) as PointsResult;
      expect(points.points.every((p) => p.generation !== undefined)).toBe(true);
      const last = sample.commit_points.filter((c) => !c.tombstoned).at(-1);
      if (!last) throw new Error('the bottomless sample has no commit point');
      const bottomlessOut = join(await tempDir(), 'bottomless.db');
      await invokeApi(api, 'restore', {
        out: bottomlessOut,
        generation: last.generation,
        untilFrameNo: BigInt(last.frame),
      });
      expect(sampleDigest(bottomlessOut)).toBe(last.digest);

      await invokeApi(api, 'selectNamespace', { namespace: 'libsql-wal/default' });
      const wal = await list(api);
      expect(wal.namespaceId).toBe('libsql-wal/default');
      expect(wal.segments.map((s) => [s.startFrameNo, s.endFrameNo, s.location])).toEqual([
        [1n, 29n, 'remote'],
        [30n, 55n, 'remote'],
        [56n, 90n, 'remote'],
        [91n, 107n, 'remote'],
      ]);
      const walOut = join(await tempDir(), 'wal.db');
      expect(await invokeApi(api, 'restore', { out: walOut })).toMatchObject({ untilFrameNo: 107n });
      expect(rowsDigest(walOut)).toEqual((await manifest()).expected_at_frame['107']);
      // Asked for by id, the fetch and the newest frame are the named layout's too.
      expect(await invokeApi(api, 'meta', { namespace: 'libsql-wal/default' })).toEqual({ maxFrameNo: 107n });
      expect(await invokeApi(api, 'meta', { namespace: 'bottomless/default' })).not.toEqual({ maxFrameNo: 107n });
    } finally {
      stop.abort();
    }
  });

  it('refuses a bare name two layouts hold, naming both ids; takes one only another layout holds', async () => {
    const { api, stop } = await openShared();
    try {
      const refused = invokeApi(api, 'selectNamespace', { namespace: 'default' });
      await expect(refused).rejects.toMatchObject({ code: 'AMBIGUOUS_NAMESPACE' });
      await expect(refused).rejects.toThrow(/libsql-wal\/default, bottomless\/default.*--namespace/);
      // The choice refused is not kept: the call after it reads what was open before.
      expect((await invokeApi(api, 'getSettings', {})) as { namespace: string | null }).toMatchObject({
        namespace: null,
      });
      await expect(invokeApi(api, 'meta', { namespace: 'default' })).rejects.toMatchObject({
        code: 'AMBIGUOUS_NAMESPACE',
      });
      await invokeApi(api, 'selectNamespace', { namespace: 'other' });
      const other = await list(api);
      expect(other.namespaceId).toBe('seed-bucket@c9/other');
      expect(other.segments.map((s) => [s.startFrameNo, s.endFrameNo])).toEqual([[30n, 55n]]);
      await expect(invokeApi(api, 'selectNamespace', { namespace: 'nowhere/default' })).rejects.toMatchObject({
        code: 'NOT_FOUND',
      });
    } finally {
      stop.abort();
    }
  });
});
