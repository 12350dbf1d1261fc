import { basename } from 'node:path';
import { isSegscopeError } from '../errors.js';
import type { StoreResult } from '../model/results.js';
import type { SegscopeApi } from './api-contract.js';
import type { ApiSession } from './api-session.js';
import type { NamespaceTarget, Workspace } from './workspace.js';

export type SegmentMethods = Pick<SegscopeApi, 'storeFiles' | 'fetchByFrame' | 'fetchToCache' | 'meta'>;

/** The seed's backend over any layout: segments stored, fetched by frame or into the cache, the newest frame. */
export function segmentMethods(session: ApiSession): SegmentMethods {
  /** Each item stored in turn; one refused with a SegscopeError is a row of the result, not the call's end. */
  const storeEach = async <T>(
    items: readonly T[],
    source: (item: T) => string,
    store: (on: NamespaceTarget, item: T) => ReturnType<Workspace['store']>,
  ): Promise<StoreResult> => {
    const on = await session.target();
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
    async storeFiles({ paths, replace }) {
      return session.withProgress((onProgress) =>
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
      const { workspace, name } = await session.target(ns);
      return session.withProgress((onProgress) =>
        workspace.fetch(
          name,
          frameNo,
          { dir: destDir },
          { replace: replace ?? false, ...(onProgress ? { onProgress } : {}) },
        ),
      );
    },
    async fetchToCache({ frameNo }) {
      const on = await session.target();
      await session.withProgress((onProgress) => on.workspace.cache(on.name, frameNo, onProgress));
      return session.listing(on);
    },
    async meta({ namespace: ns }) {
      const { workspace, name } = await session.target(ns);
      return workspace.meta(name);
    },
  };
}
