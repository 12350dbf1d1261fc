import { cp, readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSegscopeApi } from '../../../core/api/api.js';
import { copyVector, treeFingerprint } from '../../support/real-data.js';
import { tempDir } from '../../support/segments.js';

const SAMPLE = join(import.meta.dirname, '../../vectors/sqld-default/data.sqld');

async function openSample(): Promise<{ root: string; api: ReturnType<typeof createSegscopeApi> }> {
  const root = join(await tempDir(), 'data.sqld');
  await cp(SAMPLE, root, { recursive: true, preserveTimestamps: true });
  const api = createSegscopeApi(
    { dir: null, layout: null, namespace: 'default', remote: { kind: 'none' } },
    { onProgress: () => undefined },
  );
  await api.openDirectory({ dir: root, namespace: 'tenant-b' });
  return { root, api };
}

describe("a default-mode sqld namespace through the API: store is refused, fetch returns the log's pieces", () => {
  it('store is refused READ_ONLY_LAYOUT and no name, size, content or time in the data directory changes', async () => {
    const { root, api } = await openSample();
    const before = await treeFingerprint(root, true);
    const segment = join(await copyVector('sqld'), 'dbs/default/data-wal/00000000000000000030.seg');
    const result = await api.storeFiles({ paths: [segment] });
    expect(result.stored).toEqual([]);
    expect(result.refused).toMatchObject([{ code: 'READ_ONLY_LAYOUT' }]);
    expect(await treeFingerprint(root, true)).toEqual(before);
  });

  it(
    'fetch --frame returns the to_compact/ log or the ' + 'wallog holding the frame; past every piece, nothing',
    async () => {
      const { root, api } = await openSample();
      const listed = await api.list({});
      const logs = listed.segments.filter((s) => s.format === 'wallog');
      expect(logs.map((s) => s.file.split('/')[0])).toEqual(['to_compact', 'wallog']);
      for (const log of logs) {
        const frameNo = (log.startFrameNo + log.endFrameNo) / 2n;
        const dest = await tempDir();
        const fetched = await api.fetchByFrame({ frameNo, namespace: 'tenant-b', destDir: dest });
        expect(fetched.key).toBe(log.file);
        expect(await readFile(fetched.path)).toEqual(await readFile(join(root, 'dbs/tenant-b', log.file)));
      }
      const last = logs.reduce((max, s) => (s.endFrameNo > max ? s.endFrameNo : max), 0n);
      const before = await treeFingerprint(root, true);
      const dest = await tempDir();
      await expect(
        api.fetchByFrame({ frameNo: last + 1n, namespace: 'tenant-b', destDir: dest }),
      ).rejects.toMatchObject({
        code: 'FRAME_NOT_FOUND',
      });
      expect(await readdir(dest)).toEqual([]);
      expect(await treeFingerprint(root, true)).toEqual(before);
    },
  );
});
