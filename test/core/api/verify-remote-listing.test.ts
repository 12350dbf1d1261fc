import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { verifyWithRemote } from '../../../core/api/verify-with-remote.js';
import { Workspace } from '../../../core/api/workspace.js';
import { FolderObjectStore } from '../../../core/storage/folder-object-store.js';
import { copyVector } from '../../support/real-data.js';
import { tempDir } from '../../support/segments.js';

const NAMESPACE = 'v2/clusters/cluster-1/namespaces/default/';

describe("a namespace's verify with a libsql-wal bucket", () => {
  it('lists the bucket once for the segments it fetches, however many', async () => {
    const bucket = await copyVector('bucket-v1');
    const workspace = await Workspace.open(await tempDir(), {
      remote: { kind: 'directory', path: bucket, clusterId: 'cluster-1' },
    });
    // Called through: each call is a LIST the bucket's store answers, with the prefix it was asked for.
    const spy = vi.spyOn(FolderObjectStore.prototype, 'list');
    try {
      const result = await verifyWithRemote(workspace, 'default', {});
      expect(result.ok).toBe(true);
      expect(result.segments.filter((s) => s.file.endsWith('.segment'))).toHaveLength(4);
      const listed = spy.mock.calls.map(([prefix]) => prefix);
      expect(listed.filter((p) => p === `${NAMESPACE}segments/`)).toHaveLength(1);
      expect(listed.filter((p) => p === `${NAMESPACE}indexes/`)).toHaveLength(1);
    } finally {
      spy.mockRestore();
      await workspace.close();
    }
  });

  it('a listed segment gone before it is fetched is a failed row under its key', async () => {
    const bucket = await copyVector('bucket-v1');
    const workspace = await Workspace.open(await tempDir(), {
      remote: { kind: 'directory', path: bucket, clusterId: 'cluster-1' },
    });
    const gone = join(bucket, NAMESPACE, 'segments/18446744073709551560-00000000000000000030-00000001720000060000');
    try {
      // Deleted once the listing is read, while the first segment (1..29) downloads.
      const result = await verifyWithRemote(workspace, 'default', {
        onProgress: () => rmSync(gone, { force: true }),
      });
      expect(result.ok).toBe(false);
      const failed = result.segments.filter((s) => !s.ok && s.file.endsWith('.segment'));
      expect(failed.map((s) => [s.file, s.problems.map((p) => p.code)])).toEqual([
        ['0000000000000000030-0000000000000000055-0000000001720000060.segment', ['REMOTE_NOT_FOUND']],
      ]);
    } finally {
      await workspace.close();
    }
  });
});
