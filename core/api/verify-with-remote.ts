import type { ListedSegment, ListedSegments, VerifiedSegment, VerifyResult } from '../model/results.js';
import { isSegscopeError } from '../errors.js';
import { cancelled } from '../inspect/verify-file.js';
import { verifyIndexObject } from '../inspect/verify-index-object.js';
import { type VerifyRun, verifyNamespace } from '../inspect/verify-files.js';
import type { RemoteIndexObject } from '../layouts/remote.js';
import { filesEqual } from '../storage/files-equal.js';
import type { Workspace } from './workspace.js';

/** A row for a remote object that could not be read, or failed its checks when it was. */
function failedRow(file: string, error: unknown): VerifiedSegment {
  if (!isSegscopeError(error) || error.code === 'CANCELLED') throw error;
  return { file, ok: false, problems: [{ code: error.code, message: error.message, severity: 'error' }] };
}

/** How a remote object's row is named where a local file of the same key has its own row. */
const inRemote = (key: string): string => `${key} (the remote's object)`;

/**
 * Fetches every segment only the remote holds into the folder that caches it, by the key its listing
 * gives (a frame would find one of two overlapping segments, never both), through the bounds and
 * checks every fetch has: one that cannot be fetched, or fails a check, is a failed row under its
 * key and is not kept, so a verify never passes what it did not read. Returns the keys fetched too.
 */
async function cacheRemoteOnly(
  workspace: Workspace,
  namespace: string,
  listed: ListedSegments,
  run: VerifyRun,
): Promise<{ failed: VerifiedSegment[]; cached: Set<string> }> {
  const failed: VerifiedSegment[] = [];
  const cached = new Set<string>();
  for (const s of listed) {
    if (s.location !== 'remote') continue;
    if (run.signal?.aborted) break;
    try {
      await workspace.cacheKey(namespace, s.file, run.onProgress);
      cached.add(s.file);
    } catch (error) {
      failed.push(failedRow(s.file, error));
    }
  }
  return { failed, cached };
}

/**
 * What the remote holds of each segment this disk holds too, read again: the local copy's row says
 * nothing of it (a cache filled yesterday, or a store's sealed file the bucket keeps compacted).
 * The object passes the checks a fetch makes; where its bytes are not the local copy's, it gets a
 * row of its own. Each index object is checked against the object it indexes, read here.
 */
async function checkRemoteCopies(
  workspace: Workspace,
  namespace: string,
  listed: ListedSegments,
  indexes: Map<string, RemoteIndexObject>,
  run: VerifyRun,
): Promise<VerifiedSegment[]> {
  const rows: VerifiedSegment[] = [];
  for (const s of listed) {
    if (s.location !== 'both') continue;
    if (run.signal?.aborted) throw cancelled();
    const index = indexes.get(s.file);
    indexes.delete(s.file);
    try {
      await workspace.withRemoteCopy(
        namespace,
        s.file,
        async (path) => {
          if (!(await filesEqual(path, workspace.filePath(namespace, s.file))))
            rows.push({ file: inRemote(s.file), ok: true, problems: [] });
          if (index) rows.push(await verifyIndexObject(index, path));
        },
        run.onProgress,
      );
    } catch (error) {
      rows.push(failedRow(inRemote(s.file), error));
      if (index) rows.push(await verifyIndexObject(index, undefined));
    }
  }
  return rows;
}

/**
 * A namespace's verify; with a remote, of what the remote holds too, not only of what this disk
 * holds: its segments only it holds (fetched into the cache first), those both hold (read again),
 * and a libsql-wal bucket's index objects, each against the remote's segment.
 */
export async function verifyWithRemote(workspace: Workspace, namespace: string, run: VerifyRun): Promise<VerifyResult> {
  if (workspace.remote.kind === 'none') return verifyNamespace(workspace.layout, namespace, run);
  const listed = (await workspace.list(namespace)).segments;
  const { failed, cached } = await cacheRemoteOnly(workspace, namespace, listed, run);
  // A segment fetched here is checked here: the caller that checks the others has no copy of it.
  const { ownChecks } = run;
  const result = await verifyNamespace(workspace.layout, namespace, {
    ...run,
    ...(ownChecks && { ownChecks: (s: ListedSegment) => ownChecks(s) || cached.has(s.file) }),
  });
  const objects = (await workspace.remote.indexObjects?.(namespace)) ?? [];
  const indexes = new Map(objects.flatMap((o) => (o.segment === null ? [] : [[o.segment, o] as const])));
  const rows = await checkRemoteCopies(workspace, namespace, listed, indexes, run);
  for (const object of objects) {
    if (object.segment !== null && !indexes.has(object.segment)) continue;
    if (run.signal?.aborted) throw cancelled();
    // A segment fetched whole is the remote's object; one that could not be fetched is unread.
    const { segment } = object;
    const at = segment === null ? null : cached.has(segment) ? workspace.filePath(namespace, segment) : undefined;
    rows.push(await verifyIndexObject(object, at));
  }
  const segments = [...result.segments, ...failed, ...rows];
  return { ok: result.ok && segments.every((s) => s.ok), segments };
}
