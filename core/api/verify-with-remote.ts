import type { VerifiedSegment, VerifyResult } from '../model/results.js';
import { isSegscopeError } from '../errors.js';
import { cancelled } from '../inspect/verify-file.js';
import { verifyIndexObject } from '../inspect/verify-index-object.js';
import { type VerifyRun, verifyNamespace } from '../inspect/verify-files.js';
import type { Workspace } from './workspace.js';

/**
 * Fetches every segment only the remote holds into the folder that caches it, by the key its listing
 * gives (a frame would find one of two overlapping segments, never both), through the bounds every
 * fetch has (size, idle time, deadline, the header against the key): one that cannot be fetched is a
 * failed row under its key, so a verify never passes what it did not read.
 */
async function cacheRemoteOnly(workspace: Workspace, namespace: string, run: VerifyRun): Promise<VerifiedSegment[]> {
  const failed: VerifiedSegment[] = [];
  for (const s of (await workspace.list(namespace)).segments) {
    if (s.location !== 'remote') continue;
    if (run.signal?.aborted) break;
    try {
      await workspace.cacheKey(namespace, s.file, run.onProgress);
    } catch (error) {
      if (!isSegscopeError(error) || error.code === 'CANCELLED') throw error;
      failed.push({
        file: s.file,
        ok: false,
        problems: [{ code: error.code, message: error.message, severity: 'error' }],
      });
    }
  }
  return failed;
}

/**
 * A namespace's verify; with a remote, of the remote's segments too (fetched first), not only those
 * cached, and of a libsql-wal bucket's index objects, each against its segment.
 */
export async function verifyWithRemote(workspace: Workspace, namespace: string, run: VerifyRun): Promise<VerifyResult> {
  const unfetched = workspace.remote.kind === 'none' ? [] : await cacheRemoteOnly(workspace, namespace, run);
  const result = await verifyNamespace(workspace.layout, namespace, run);
  const indexes: VerifiedSegment[] = [];
  for (const object of (await workspace.remote.indexObjects?.(namespace)) ?? []) {
    if (run.signal?.aborted) throw cancelled();
    const segment = object.segment === null ? null : workspace.filePath(namespace, object.segment);
    indexes.push(await verifyIndexObject(object, segment));
  }
  const segments = [...result.segments, ...unfetched, ...indexes];
  return { ok: result.ok && segments.every((s) => s.ok), segments };
}
