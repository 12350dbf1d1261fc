import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { NamespaceKind, UnrecognizedFile } from '../model/results.js';
import { DEFAULT_NAMESPACE } from '../model/namespace-id.js';
import { checkNamespace } from './namespace.js';
import { SegscopeError, fsError } from '../errors.js';
import { parseSegmentName } from '../format/segment-name.js';
import { type FirstRowsWatch, type Layout, type NamespaceListing, safeFileName } from './layout.js';
import type { ListingCache } from './listing-cache.js';
import type { NamedEntry } from './listing-candidates.js';
import { listFolder } from './list-folder.js';
import { SegmentRows } from './segment-rows.js';
import { readDatabaseFile } from './sqld-database.js';
import { firstLink, linkEntry } from '../storage/no-links.js';
import { listDefaultNamespace } from './sqld-default-ns.js';
import { DATA, DATA_WAL, DBS, LOG_FILES, LOG_FOLDERS, VERSION_FILE } from '../format/sqld-names.js';
import { readNamespaceFolder } from './sqld-namespace-folder.js';
import { stat } from '../fs-async.js';
import { fsPath, readEntries } from '../fs-names.js';
import type { NamespaceConfig } from '../format/sqld-namespace-config.js';
import { describeDataDir } from './sqld-data-dir-notes.js';

/**
 * A pre-0.18 data directory: no `dbs/` and no `.version`, the database's own files at the top
 * (sqld 0.18 and later move them into `dbs/default/` at start, by hard links, and write
 * `.version`). A namespace folder outside `dbs/` (in `_dbs/`, or copied elsewhere) looks the same.
 */
export async function isFlatDataDir(dir: string): Promise<boolean> {
  const at = (name: string) => stat(fsPath(join(dir, name))).catch(() => null);
  if ((await at(DBS))?.isDirectory() || (await at(VERSION_FILE))) return false;
  return (await readNamespaceFolder(dir)).files;
}

/**
 * A sqld data directory: each namespace folder `dbs/<ns>` is one kind or the other, told by its
 * content, and a directory may hold both side by side. Run with libsql-wal, `data` and
 * `data-wal/{start:020}.seg`; in sqld's default mode, `data` with SQLite's WAL file `data-wal`,
 * the replication log `wallog`, `snapshots/` and `to_compact/` (sqld-default-ns.ts). It belongs
 * to a running sqld, so it is only ever read, with plain reads (no lock is taken).
 */
export class SqldDataDirLayout implements Layout {
  readonly name = 'sqld' as const;
  readonly writable = false;

  /**
   * `only`: the one namespace a path to `dbs/<ns>` or its `data-wal` opened. `flat`: a data
   * directory of sqld before 0.18, whose one database lies at the top (no `dbs/`): the namespace
   * `default`, as sqld's migration names it when it hard-links those files into `dbs/default/`;
   * or a namespace folder outside `dbs/` (`_dbs/<ns>`), by its folder's name.
   */
  constructor(
    readonly root: string,
    private readonly only: string | null = null,
    private readonly cache: ListingCache | null = null,
    private readonly flat: string | null = null,
  ) {}

  get defaultNamespace(): string {
    return this.only ?? this.flat ?? DEFAULT_NAMESPACE;
  }

  private namespaceDir(namespace: string): string {
    if (this.only !== null && namespace !== this.only) {
      throw new SegscopeError('NOT_FOUND', `this path holds only the namespace "${this.only}", not "${namespace}"`);
    }
    if (this.flat !== null) {
      if (namespace !== this.flat)
        throw new SegscopeError('NOT_FOUND', `this folder holds one namespace, "${this.flat}", not "${namespace}"`);
      return this.root;
    }
    return join(this.root, DBS, checkNamespace(namespace));
  }

  /** The metastore's configurations, the sqld version, an old layout or a migration left over. */
  async describe(): Promise<{ configs: Map<string, NamespaceConfig>; notes: string[] }> {
    if (this.only !== null || (this.flat !== null && this.flat !== DEFAULT_NAMESPACE))
      return { configs: new Map(), notes: [] };
    return describeDataDir(this.root, this.flat !== null);
  }

  async namespaceNames(): Promise<{ names: string[]; unrecognized: UnrecognizedFile[] }> {
    if (this.only !== null) return { names: [this.only], unrecognized: [] };
    if (this.flat !== null) return { names: [this.flat], unrecognized: [] };
    const dbs = join(this.root, DBS);
    if (firstLink(this.root, dbs) !== null) return { names: [], unrecognized: [linkEntry(DBS)] };
    const entries = await readEntries(dbs).catch((error: unknown) => {
      throw fsError(error, 'the dbs folder', dbs);
    });
    const names: string[] = [];
    const unrecognized: UnrecognizedFile[] = [];
    for (const entry of entries) {
      if (entry.isDirectory()) names.push(entry.name);
      else if (entry.isSymbolicLink()) unrecognized.push(linkEntry(`dbs/${entry.name}`));
      else
        unrecognized.push({
          file: `dbs/${entry.name}`,
          code: 'NOT_A_SEGMENT',
          message: `dbs/${entry.name} is not a folder, so it is not a namespace`,
        });
    }
    return { names: names.sort(), unrecognized };
  }

  /**
   * `data` names the namespace's database file; in a default-mode namespace `wallog`, `data-wal`
   * and `snapshots/…` or `to_compact/…` its log's pieces; anything else a file in its data-wal folder.
   */
  filePath(namespace: string, file: string): string {
    const nsDir = this.namespaceDir(namespace);
    if (file === DATA) return join(nsDir, DATA);
    const slash = file.indexOf('/');
    if (slash > 0 && LOG_FOLDERS.includes(file.slice(0, slash)))
      return join(nsDir, file.slice(0, slash), safeFileName(file.slice(slash + 1)));
    if (LOG_FILES.includes(file) && !isDirSync(join(nsDir, DATA_WAL))) return join(nsDir, file);
    return join(nsDir, DATA_WAL, safeFileName(file));
  }

  async namespaceKind(namespace: string): Promise<NamespaceKind> {
    return (await readNamespaceFolder(this.namespaceDir(namespace))).kind;
  }

  async list(namespace: string, first?: FirstRowsWatch): Promise<NamespaceListing> {
    const nsDir = this.namespaceDir(namespace);
    // Links are looked for from the data directory's root, or from the namespace's folder when that is what was opened.
    const inside = this.only !== null ? nsDir : this.root;
    const nsLink = firstLink(inside, nsDir);
    if (nsLink !== null) return { segments: SegmentRows.none(), unrecognized: [linkEntry(nsLink)], database: null };
    if ((await readNamespaceFolder(nsDir)).kind === 'default-mode') return listDefaultNamespace(nsDir, this.cache);
    const listed = await listFolder(join(nsDir, DATA_WAL), {
      cache: this.cache,
      reading: { what: 'the data-wal folder', missing: 'none', inside },
      classify: classifyWalName,
      first,
    });
    const data = readDatabaseFile(inside, join(nsDir, DATA), 'libsql-wal');
    if (listed === null && data.database === null && data.unrecognized === null) {
      throw new SegscopeError(
        'NOT_FOUND',
        `namespace "${namespace}" has neither a database file nor a data-wal folder in ${nsDir}`,
      );
    }
    const unrecognized = listed?.unrecognized ?? [];
    const segments = listed?.segments ?? SegmentRows.none();
    if (!data.unrecognized) return { segments, unrecognized, database: data.database };
    unrecognized.push(data.unrecognized);
    return { segments, unrecognized, database: null, databaseUnread: data.unrecognized };
  }
}

/** A data-wal folder holds `{start:020}.seg` files; anything else is unrecognized. */
function classifyWalName(name: string): NamedEntry | UnrecognizedFile {
  const named = parseSegmentName(name);
  if (named?.naming === 'sqld-seg') return { name, named };
  return {
    file: name,
    code: 'INVALID_SEGMENT_NAME',
    message: `"${name}" is not named {start_frame_no:020}.seg as sqld names its segments`,
  };
}

function isDirSync(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isDirectory() ?? false;
}
