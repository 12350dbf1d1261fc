import { basename } from 'node:path';
import { SegscopeError, isSegscopeError } from '../errors.js';
import { compareFiles } from '../inspect/compare.js';
import { inspectBucketObject } from '../inspect/inspect-bottomless.js';
import { inspectFile } from '../inspect/inspect-file.js';
import { readPageView } from '../inspect/page-view.js';
import { APP_HELP_AFTER_MS, verifyFiles } from '../inspect/verify-files.js';
import { verifyWithRemote } from './verify-with-remote.js';
import { cancelled } from '../inspect/verify-file.js';
import type { FirstRowsWatch } from '../layouts/layout.js';
import { PROGRESS_INTERVAL_MS, type ProgressListener, progressOfCall, throttleProgress } from '../progress.js';
import { openRemote } from '../layouts/open-remote.js';
import { listPoints } from '../restore/points.js';
import { restoreDatabase } from '../restore/restore.js';
import { PointDatabases } from '../timetravel/point-database.js';
import { limitsWith } from '../timetravel/query-limits.js';
import { QueryProcess } from '../timetravel/query-process.js';
import { diffPoints, sqlAt } from '../timetravel/time-travel.js';
import type { SegscopeApi } from './api-contract.js';
import type { PublicSettings, RemoteSettings, SegscopeSettings } from '../model/settings.js';
import type { ListResult, StoreResult } from '../model/results.js';
import { type NamespaceTarget, Workspace } from './workspace.js';
import { DEFAULT_NAMESPACE, namespaceName } from '../model/namespace-id.js';

export interface ApiOptions {
  /** Gets at most one event per operation every `progressIntervalMs` (throttleProgress), and always the last. */
  onProgress?: ProgressListener;
  /** 0: every event, for a caller that counts them; default PROGRESS_INTERVAL_MS. */
  progressIntervalMs?: number;
  /** Called after settings change, so the desktop app can persist them. */
  onSettingsChange?: (settings: SegscopeSettings) => void;
  /** Whether a saved secret outlives the session (the desktop app with a real OS key store). */
  secretPersisted?: boolean;
  /**
   * Aborted when the app or server stops: the API then lets go of what it holds (the query
   * process, the databases built for past points, the open workspace). The release finishes
   * before the process exits on its own, since its work keeps the event loop alive.
   */
  signal?: AbortSignal;
}

function publicSettings(settings: SegscopeSettings, secretPersisted = false): PublicSettings {
  const { remote } = settings;
  if (remote.kind !== 's3') return { ...settings, remote, secretPersisted };
  const { secretAccessKey, ...rest } = remote;
  return { ...settings, remote: { ...rest, hasSecretAccessKey: secretAccessKey !== null }, secretPersisted };
}

/**
 * The one API object: Electron's IPC, the browser mode's HTTP transport and the tests
 * bind this. Inputs are assumed validated (invokeApi in schemas.ts does that at every boundary).
 */
export function createSegscopeApi(initial: SegscopeSettings, options: ApiOptions = {}): SegscopeApi {
  let settings: SegscopeSettings = { ...initial };
  let opened: Promise<Workspace> | null = null;
  // The listing a `listFirst` started, which the next `list` of the same namespace answers with
  // rather than reading the folder again.
  let started: { w: Workspace; id: string; listing: Promise<ListResult> } | null = null;
  // Databases built for queries at past points, kept for the next query at the same point.
  const points = new PointDatabases();
  const queries = new QueryProcess();
  // What is running, by what ends it: cancelQuery stops the queries and diffs (the restores of
  // their points too, not only the query process), cancelRestore the restores, cancelVerify the verifies.
  const running = { query: new Set<AbortController>(), restore: new Set(), verify: new Set() } satisfies Record<
    string,
    Set<AbortController>
  >;
  type Kind = keyof typeof running;
  const cancellable = async <T>(kind: Kind, work: (signal: AbortSignal) => Promise<T>): Promise<T> => {
    const controller = new AbortController();
    running[kind].add(controller);
    try {
      return await work(controller.signal);
    } finally {
      running[kind].delete(controller);
    }
  };
  // The screen verifies in several calls at once, a task's calls named alike: a call that set off
  // before its task's Cancel and arrives after it is refused, not run whole. The last few are enough.
  const cancelledTasks: string[] = [];
  const CANCELLED_TASKS_KEPT = 32;
  const cancel = (kind: Kind): { cancelled: boolean } => {
    const any = running[kind].size > 0;
    for (const controller of running[kind]) controller.abort();
    return { cancelled: any };
  };
  // Throttled here, the one path every screen's progress takes (the browser mode's server, Electron's IPC).
  const interval = options.progressIntervalMs ?? PROGRESS_INTERVAL_MS;
  const sendProgress =
    options.onProgress && interval > 0 ? throttleProgress(options.onProgress, interval) : options.onProgress;
  /** Runs one call's long work with a listener of its own, stopping the bars it leaves unfinished (progressOfCall). */
  const withProgress = async <T>(work: (onProgress: ProgressListener | undefined) => Promise<T>): Promise<T> => {
    if (!sendProgress) return work(undefined);
    const call = progressOfCall(sendProgress);
    try {
      return await work(call.onProgress);
    } finally {
      call.end();
    }
  };
  options.signal?.addEventListener('abort', () => {
    void queries.close();
    void points.dispose();
    void opened?.then((w) => w.close()).catch(() => undefined);
  });

  const changeSettings = async (next: SegscopeSettings): Promise<void> => {
    const previous = opened;
    opened = null;
    started = null;
    await previous?.then((w) => w.close()).catch(() => undefined);
    settings = next;
    options.onSettingsChange?.(settings);
  };

  const current = (): Promise<Workspace> => {
    const dir = settings.dir;
    if (dir === null)
      return Promise.reject(new SegscopeError('INVALID_ARGUMENT', 'no segment directory is open: open one first'));
    if (!opened) {
      const opening = Workspace.open(dir, {
        layout: settings.layout ?? undefined,
        remote: settings.remote,
        keepListings: true,
      });
      opening.catch(() => {
        if (opened === opening) opened = null;
      });
      opened = opening;
    }
    return opened;
  };
  /** The namespace a call names (an id or a bare name), else the one chosen, and the workspace reading it. */
  const target = async (requested?: string): Promise<NamespaceTarget> =>
    (await current()).target(requested ?? settings.namespace ?? undefined);
  /** The namespace's listing, its rows made plain objects to cross IPC or HTTP. */
  const listing = async ({ workspace, name }: NamespaceTarget, first?: FirstRowsWatch): Promise<ListResult> => {
    const result = await workspace.list(name, first);
    return { ...result, segments: Array.from(result.segments) };
  };
  const filePath = async (file: string): Promise<string> => {
    const { workspace, name } = await target();
    return workspace.filePath(name, file);
  };

  /** A secret left out of new S3 settings keeps the one already stored for the same key id. */
  const mergeSecret = (next: RemoteSettings): RemoteSettings => {
    const previous = settings.remote;
    if (
      next.kind === 's3' &&
      next.secretAccessKey === null &&
      previous.kind === 's3' &&
      previous.accessKeyId === next.accessKeyId
    ) {
      return { ...next, secretAccessKey: previous.secretAccessKey };
    }
    return next;
  };

  const storeEach = async <T>(
    items: readonly T[],
    source: (item: T) => string,
    store: (on: NamespaceTarget, item: T) => ReturnType<Workspace['store']>,
  ): Promise<StoreResult> => {
    const on = await target();
    const result: StoreResult = { stored: [], refused: [] };
    for (const item of items) {
      try {
        result.stored.push({ source: source(item), ...(await store(on, item)) });
      } catch (error) {
        if (!isSegscopeError(error)) throw error;
        result.refused.push({ source: source(item), code: error.code, message: error.message });
      }
    }
    return result;
  };

  return {
    async getSettings() {
      return publicSettings(settings, options.secretPersisted);
    },
    async openDirectory({ dir, namespace: ns, layout }) {
      const candidate = await Workspace.open(dir, { layout, remote: { kind: 'none' } });
      await candidate.close();
      await changeSettings({ ...settings, dir, layout: layout ?? null, namespace: ns ?? null });
      await current();
      return publicSettings(settings, options.secretPersisted);
    },
    async selectNamespace({ namespace: ns }) {
      // A name no layout here can settle (held by two) is refused before it is kept.
      if (settings.dir !== null) await target(ns);
      settings = { ...settings, namespace: ns };
      options.onSettingsChange?.(settings);
      return publicSettings(settings, options.secretPersisted);
    },
    async namespaces() {
      return (await current()).namespaces();
    },
    async list() {
      const on = await target();
      const kept = started;
      started = null;
      return kept && kept.w === on.workspace && kept.id === on.id ? kept.listing : listing(on);
    },
    async listFirst({ rows }) {
      const on = await target();
      const named = { namespace: on.name, namespaceId: on.id };
      return new Promise((resolve, reject) => {
        const whole = listing(on, {
          rows,
          deliver: (segments, candidates) => resolve({ ...named, segments, candidates, complete: false }),
        });
        started = { w: on.workspace, id: on.id, listing: whole };
        // Where the rows' order shows only at the end (loose files, a remote), the first rows come with the rest.
        whole.then(
          (result) =>
            resolve({
              ...named,
              segments: result.segments.slice(0, rows),
              candidates: result.segments.length,
              complete: true,
            }),
          (error: unknown) => {
            // A listing that failed is not handed to the next list, which reads afresh.
            if (started?.listing === whole) started = null;
            reject(error instanceof Error ? error : new Error(String(error)));
          },
        );
      });
    },
    async points() {
      const { workspace, name } = await target();
      return listPoints(await workspace.restoreSource(name));
    },
    async listRemote() {
      const { workspace, name } = await target();
      await workspace.remote.check();
      return workspace.remote.list(name);
    },
    async inspect({ file, frames }) {
      const { workspace, name } = await target();
      const object = workspace.bucketObject(name, file);
      const result = object
        ? await inspectBucketObject(object.store, object.key, { frames: frames ?? false })
        : await inspectFile(workspace.filePath(name, file), { frames: frames ?? false });
      return { ...result, file };
    },
    async verify({ files, task }) {
      // Running from its first await, so a Cancel that comes while the namespace is resolved ends it too.
      return cancellable('verify', (signal) =>
        withProgress(async (onProgress) => {
          if (task !== undefined && cancelledTasks.includes(task)) throw cancelled();
          const { workspace, name } = await target();
          if (!files) return verifyWithRemote(workspace, name, { onProgress, helpAfterMs: APP_HELP_AFTER_MS, signal });
          const paths = files.map((file) => workspace.filePath(name, file));
          const result = await verifyFiles(paths, onProgress, APP_HELP_AFTER_MS, signal);
          // Each outcome under the name it was asked by (`snapshots/…`), not its path's last part: the caller's key.
          return { ...result, segments: result.segments.map((s, i) => ({ ...s, file: files[i] ?? s.file })) };
        }),
      );
    },
    async compare({ a, b }) {
      return compareFiles(await filePath(a), await filePath(b));
    },
    async readPage({ file, pageNo }) {
      return readPageView(await filePath(file), pageNo);
    },
    async storeFiles({ paths, replace }) {
      return withProgress((onProgress) =>
        storeEach(
          paths,
          (p) => p,
          ({ workspace, name }, path) =>
            workspace.store(
              name,
              { path, name: basename(path) },
              { replace: replace ?? false, ...(onProgress ? { onProgress } : {}) },
            ),
        ),
      );
    },
    async fetchByFrame({ frameNo, namespace: ns, destDir, replace }) {
      const { workspace, name } = await target(ns);
      return withProgress((onProgress) =>
        workspace.fetch(
          name,
          frameNo,
          { dir: destDir },
          { replace: replace ?? false, ...(onProgress ? { onProgress } : {}) },
        ),
      );
    },
    async fetchToCache({ frameNo }) {
      const on = await target();
      await withProgress((onProgress) => on.workspace.cache(on.name, frameNo, onProgress));
      return listing(on);
    },
    async meta({ namespace: ns }) {
      const { workspace, name } = await target(ns);
      return workspace.meta(name);
    },
    async setRemote(remote) {
      await changeSettings({ ...settings, remote: mergeSecret(remote) });
      return publicSettings(settings, options.secretPersisted);
    },
    async testRemote({ remote }) {
      const storage = await openRemote(remote ? mergeSecret(remote) : settings.remote);
      try {
        await storage.check();
        const listing = await storage.list(namespaceName(settings.namespace ?? DEFAULT_NAMESPACE));
        const namespaces = storage.namespaces ? (await storage.namespaces()).length : null;
        return {
          description: storage.description,
          segments: listing.segments.length,
          layout: storage.layout ?? null,
          namespaces,
        };
      } finally {
        await storage.close();
      }
    },
    async sql({ query, atFrameNo, generation, atTime, atWalFrame, allowGaps, limit, timeoutSeconds }) {
      const { workspace, name, id } = await target();
      const limits = limitsWith(timeoutSeconds ?? settings.queryTimeoutSeconds);
      const source = await workspace.restoreSource(name);
      return cancellable('query', (signal) =>
        withProgress((onProgress) =>
          sqlAt(
            { points, sourceId: `${workspace.layout.root}\0${id}`, source, worker: queries, onProgress },
            { atFrameNo, generation, atTime, atWalFrame, allowGaps, signal },
            query,
            { limit, limits },
          ),
        ),
      );
    },
    async cancelQuery() {
      cancel('query');
      await queries.cancel();
      return { cancelled: true };
    },
    async cancelRestore() {
      return cancel('restore');
    },
    async cancelVerify({ task }) {
      if (task !== undefined && !cancelledTasks.includes(task)) {
        cancelledTasks.push(task);
        if (cancelledTasks.length > CANCELLED_TASKS_KEPT) cancelledTasks.shift();
      }
      return cancel('verify');
    },
    async diff({ from, to, limit, timeoutSeconds }) {
      const { workspace, name, id } = await target();
      const source = await workspace.restoreSource(name);
      const { timeoutMs } = limitsWith(timeoutSeconds ?? settings.queryTimeoutSeconds);
      const timeout = { ms: timeoutMs, flag: 'a longer time limit (timeoutSeconds)' };
      return cancellable('query', (signal) =>
        withProgress((onProgress) => {
          const on = { points, sourceId: `${workspace.layout.root}\0${id}`, source, worker: queries, onProgress };
          return diffPoints(on, { ...from, signal }, { ...to, signal }, { limit: limit ?? 100, timeout });
        }),
      );
    },
    async restore({ out, untilFrameNo, generation, untilTime, untilWalFrame, allowGaps }) {
      const { workspace, name } = await target();
      const source = await workspace.restoreSource(name);
      return cancellable('restore', (signal) =>
        withProgress((onProgress) =>
          restoreDatabase(source, {
            out,
            untilFrameNo,
            generation,
            untilTime,
            untilWalFrame,
            allowGaps: allowGaps ?? false,
            onProgress,
            signal,
          }),
        ),
      );
    },
  };
}
