import type { RemoteStorage } from './remote.js';

/** libsql-wal's "no remote": uploads nothing, finds nothing. */
export function noneRemote(): RemoteStorage {
  return {
    kind: 'none',
    description: 'no remote',
    upload: async () => undefined,
    fetch: async () => null,
    list: async () => ({ segments: [], unrecognized: [] }),
    check: async () => undefined,
    close: async () => undefined,
  };
}
