import { copyFile, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type NamespaceConfig, decodeNamespaceConfig } from '../format/sqld-namespace-config.js';
import { Database } from '../sqlite/driver.js';
import { isSegscopeError } from '../errors.js';

/** A metastore larger than this is not read (a real one holds a row per namespace). */
const MAX_METASTORE_BYTES = 256 * 1024 * 1024;

export interface Metastore {
  configs: Map<string, NamespaceConfig>;
  /** Why the metastore could not be read, for the listing to say; null when it was (or is absent). */
  problem: string | null;
}

async function sizeOf(path: string): Promise<number | null> {
  const info = await stat(path).catch(() => null);
  return info?.isFile() ? info.size : null;
}

/**
 * The namespace configurations in sqld's metastore (`metastore/data`, SQLite in WAL mode, table
 * `namespace_configs`). sqld holds it open, so it is never opened in place: `data` and
 * `data-wal` are copied into a private folder and SQLite opens the copy, where it applies the
 * WAL's committed frames and makes its own wal-index; no lock is taken on sqld's files and nothing
 * is written there. (SQLite's `immutable=1` would read in place without locks, but it ignores
 * the WAL, and with it any configuration changed since sqld's last checkpoint.)
 */
export async function readMetastore(root: string): Promise<Metastore> {
  const configs = new Map<string, NamespaceConfig>();
  const dir = join(root, 'metastore');
  const dataSize = await sizeOf(join(dir, 'data'));
  if (dataSize === null) return { configs, problem: null };
  const walSize = (await sizeOf(join(dir, 'data-wal'))) ?? 0;
  if (dataSize + walSize > MAX_METASTORE_BYTES)
    return {
      configs,
      problem: `metastore/ holds ${dataSize + walSize} bytes, more than a metastore ever does; not read`,
    };
  const copy = await mkdtemp(join(tmpdir(), 'segscope-metastore-'));
  try {
    await copyFile(join(dir, 'data'), join(copy, 'data'));
    if (walSize > 0) await copyFile(join(dir, 'data-wal'), join(copy, 'data-wal'));
    const db = new Database(join(copy, 'data'), { fileMustExist: true });
    try {
      const rows = db
        .prepare<[], { namespace: unknown; config: unknown }>('SELECT namespace, config FROM namespace_configs')
        .all();
      for (const row of rows) {
        if (typeof row.namespace !== 'string' || !(row.config instanceof Uint8Array)) continue;
        configs.set(row.namespace, decodeNamespaceConfig(row.config));
      }
    } finally {
      db.close();
    }
    return { configs, problem: null };
  } catch (error) {
    const why = isSegscopeError(error) || error instanceof Error ? error.message : String(error);
    return { configs, problem: `metastore/data could not be read: ${why}` };
  } finally {
    await rm(copy, { recursive: true, force: true });
  }
}
