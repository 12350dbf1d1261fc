import { basename, join } from 'node:path';
import { FsBackend } from '../backend/fs-backend.js';
import { listSegments } from '../backend/list-segments.js';
import { SegscopeError, isSegscopeError } from '../errors.js';
import { checkChain } from '../inspect/chain.js';
import { compareFiles } from '../inspect/compare.js';
import { inspectFile } from '../inspect/inspect-file.js';
import { readPageView } from '../inspect/page-view.js';
import { verifyFiles, verifySegmentsDir } from '../inspect/verify-files.js';
import type { ProgressListener } from '../progress.js';
import { openRemote } from '../remote/open-remote.js';
import { restoreDatabase } from '../restore/restore.js';
import type { SegscopeApi } from './api-contract.js';
import type { PublicSettings, RemoteSettings, SegscopeSettings } from './settings.js';
import type { StoreResult } from './types.js';

export interface ApiOptions {
  onProgress?: ProgressListener;
  /** Called after settings change, so the desktop app can persist them. */
  onSettingsChange?: (settings: SegscopeSettings) => void;
}

export function publicSettings(settings: SegscopeSettings): PublicSettings {
  const { remote } = settings;
  if (remote.kind !== 's3') return { ...settings, remote };
  const { secretAccessKey, ...rest } = remote;
  return { ...settings, remote: { ...rest, hasSecretAccessKey: secretAccessKey !== null } };
}

/**
 * The one API object (DESIGN.md): Electron's IPC, the browser mode's HTTP transport and the tests
 * bind this. Inputs are assumed validated (invokeApi in schemas.ts does that at every boundary).
 */
export function createSegscopeApi(initial: SegscopeSettings, options: ApiOptions = {}): SegscopeApi {
  let settings: SegscopeSettings = { ...initial };
  let backend: FsBackend | null = null;
  const onProgress = options.onProgress;

  const changeSettings = async (next: SegscopeSettings): Promise<void> => {
    await backend?.remote.close();
    backend = null;
    settings = next;
    options.onSettingsChange?.(settings);
  };

  const current = (): FsBackend => {
    if (settings.dir === null) {
      throw new SegscopeError('INVALID_ARGUMENT', 'no segment directory is open: open one first');
    }
    backend ??= new FsBackend({ prefix: settings.dir, remote: openRemote(settings.remote) });
    return backend;
  };
  const segmentPath = (file: string): string => join(current().segmentsDir(settings.namespace), file);

  /** A secret left out of new S3 settings keeps the one already stored for the same key id. */
  const mergeSecret = (next: RemoteSettings): RemoteSettings => {
    const previous = settings.remote;
    if (next.kind === 's3' && next.secretAccessKey === null && previous.kind === 's3' && previous.accessKeyId === next.accessKeyId) {
      return { ...next, secretAccessKey: previous.secretAccessKey };
    }
    return next;
  };

  const storeEach = async <T>(items: readonly T[], source: (item: T) => string, store: (b: FsBackend, item: T) => ReturnType<FsBackend['store']>): Promise<StoreResult> => {
    const b = current();
    const result: StoreResult = { stored: [], refused: [] };
    for (const item of items) {
      try {
        result.stored.push({ source: source(item), ...(await store(b, item)) });
      } catch (error) {
        if (!isSegscopeError(error)) throw error;
        result.refused.push({ source: source(item), code: error.code, message: error.message });
      }
    }
    return result;
  };

  return {
    async getSettings() {
      return publicSettings(settings);
    },
    async openDirectory({ dir, namespace }) {
      const candidate = new FsBackend({ prefix: dir, remote: openRemote(settings.remote) });
      await candidate.checkPrefix().finally(() => candidate.remote.close());
      await changeSettings({ ...settings, dir, namespace: namespace ?? settings.namespace });
      return listSegments(current(), settings.namespace);
    },
    async list() {
      return listSegments(current(), settings.namespace);
    },
    async listRemote() {
      const b = current();
      await b.remote.check();
      return b.remote.list(settings.namespace);
    },
    async inspect({ file, frames }) {
      const result = await inspectFile(segmentPath(file), { frames: frames ?? false });
      return { ...result, file };
    },
    async verify({ files }) {
      if (files) return verifyFiles(files.map(segmentPath), onProgress);
      return verifySegmentsDir(current().segmentsDir(settings.namespace), onProgress, async (paths) => [await checkChain(paths)]);
    },
    async compare({ a, b }) {
      return compareFiles(segmentPath(a), segmentPath(b));
    },
    async readPage({ file, pageNo }) {
      return readPageView(segmentPath(file), pageNo);
    },
    async storeFiles({ paths, replace }) {
      return storeEach(paths, (p) => p, (b, path) => b.store(settings.namespace, { path, name: basename(path) }, { replace: replace ?? false, onProgress }));
    },
    async storeBytes({ files, replace }) {
      return storeEach(files, (f) => f.name, (b, file) => b.store(settings.namespace, { bytes: file.bytes, name: file.name }, { replace: replace ?? false, onProgress }));
    },
    async fetchByFrame({ frameNo, namespace, destDir, replace }) {
      return current().fetchSegmentInto(namespace ?? settings.namespace, frameNo, destDir, { replace: replace ?? false, onProgress });
    },
    async meta({ namespace }) {
      return current().meta(namespace ?? settings.namespace);
    },
    async setRemote(remote) {
      await changeSettings({ ...settings, remote: mergeSecret(remote) });
      return publicSettings(settings);
    },
    async testRemote({ remote }) {
      const storage = openRemote(remote ? mergeSecret(remote) : settings.remote);
      try {
        await storage.check();
        const listing = await storage.list(settings.namespace);
        return { description: storage.description, segments: listing.segments.length };
      } finally {
        await storage.close();
      }
    },
    async restore({ out, untilFrameNo, untilTime, allowGaps }) {
      return restoreDatabase(current(), settings.namespace, { out, untilFrameNo, untilTime, allowGaps: allowGaps ?? false, onProgress });
    },
  };
}
