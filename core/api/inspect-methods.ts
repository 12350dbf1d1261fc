import { compareFiles } from '../inspect/compare.js';
import { inspectBucketObject } from '../inspect/inspect-bottomless.js';
import { inspectFile } from '../inspect/inspect-file.js';
import { readPageView } from '../inspect/page-view.js';
import { cancelled } from '../inspect/verify-file.js';
import { APP_HELP_AFTER_MS, verifyFiles } from '../inspect/verify-files.js';
import type { SegscopeApi } from './api-contract.js';
import type { ApiSession } from './api-session.js';
import { verifyWithRemote } from './verify-with-remote.js';
import { readByNamespaceChecks } from '../model/verify-scope.js';

export type InspectMethods = Pick<SegscopeApi, 'inspect' | 'verify' | 'cancelVerify' | 'compare' | 'readPage'>;

// The screen verifies in several calls at once, a task's calls named alike: a call that set off
// before its task's Cancel and arrives after it is refused, not run whole. The last few are enough.
const CANCELLED_TASKS_KEPT = 32;

/** What the namespace's segments hold and whether they are sound: inspect, verify, compare, a page. */
export function inspectMethods(session: ApiSession): InspectMethods {
  const cancelledTasks: string[] = [];

  return {
    async inspect({ file, frames }) {
      const { workspace, name } = await session.target();
      const object = workspace.bucketObject(name, file);
      const result = object
        ? await inspectBucketObject(object.store, object.key, { frames: frames ?? false })
        : await inspectFile(workspace.filePath(name, file), { frames: frames ?? false });
      return { ...result, file };
    },
    async verify({ files, scope, task }) {
      // Running from its first await, so a Cancel that comes while the namespace is resolved ends it too.
      return session.cancellable('verify', (signal) =>
        session.withProgress(async (onProgress) => {
          if (task !== undefined && cancelledTasks.includes(task)) throw cancelled();
          const { workspace, name } = await session.target();
          if (!files) {
            const run = { onProgress, helpAfterMs: APP_HELP_AFTER_MS, signal };
            return verifyWithRemote(workspace, name, scope ? { ...run, ownChecks: readByNamespaceChecks } : run);
          }
          const paths = files.map((file) => workspace.filePath(name, file));
          const result = await verifyFiles(paths, onProgress, APP_HELP_AFTER_MS, signal);
          // Each outcome under the name it was asked by (`snapshots/…`), not its path's last part: the caller's key.
          return { ...result, segments: result.segments.map((s, i) => ({ ...s, file: files[i] ?? s.file })) };
        }),
      );
    },
    async cancelVerify({ task }) {
      if (task !== undefined && !cancelledTasks.includes(task)) {
        cancelledTasks.push(task);
        if (cancelledTasks.length > CANCELLED_TASKS_KEPT) cancelledTasks.shift();
      }
      return session.cancel('verify');
    },
    async compare({ a, b }) {
      return compareFiles(await session.filePath(a), await session.filePath(b));
    },
    async readPage({ file, pageNo }) {
      return readPageView(await session.filePath(file), pageNo);
    },
  };
}
