import { stat } from '../fs-async.js';
import { basename, dirname, join, resolve } from 'node:path';
import { LAYOUT_NAMES, type LayoutName } from '../model/results.js';
import { DEFAULT_NAMESPACE } from '../model/namespace-id.js';
import { SegscopeError, fsError } from '../errors.js';
import { parseSegmentName } from '../format/segment-name.js';
import { dbNameOfFolder } from './bottomless-names.js';
import { CompactorDirLayout, LooseDirLayout } from './flat-dirs.js';
import { DATA_WAL, DBS, LEFTOVER_DBS, NAMESPACE_PARTS } from '../format/sqld-names.js';
import { readNamespaceFolder } from './sqld-namespace-folder.js';
import type { Layout } from './layout.js';
import type { ListingCache } from './listing-cache.js';
import { SeedDirLayout } from './seed-dir.js';
import { fsPath, readNames } from '../fs-names.js';

async function isDir(path: string): Promise<boolean> {
  return (await stat(fsPath(path)).catch(() => null))?.isDirectory() ?? false;
}

async function exists(path: string): Promise<boolean> {
  return (await stat(fsPath(path)).catch(() => null)) !== null;
}

/**
 * The layouts of folders of segment files alone (seed, compactor, loose) classify names: their
 * code is here. sqld's reads database files and its logs' own formats, and bottomless's
 * decompresses: each of those two loads when a folder of its layout is opened, so no other start
 * parses it (installed, each is a bundle of its own).
 */
async function build(name: LayoutName, dir: string, cache: ListingCache | null, detected: boolean): Promise<Layout> {
  switch (name) {
    case 'seed':
      return new SeedDirLayout(dir, cache);
    case 'compactor':
      return new CompactorDirLayout(dir, cache);
    case 'loose':
      return new LooseDirLayout(dir, cache, detected);
    case 'sqld':
      return sqldAt(dir, cache);
    case 'bottomless':
      return new (await import('./bottomless-layout.js')).BottomlessLayout(dir);
  }
}

/**
 * A sqld root (holding `dbs/`), one namespace folder `dbs/<ns>`, or what is in one: its
 * `data-wal`, `wallog`, `snapshots/` or `to_compact/`.
 */
async function sqldAt(dir: string, cache: ListingCache | null): Promise<Layout> {
  const { SqldDataDirLayout, isFlatDataDir } = await import('./sqld-data-dir.js');
  if (NAMESPACE_PARTS.includes(basename(dir))) {
    const nsDir = dirname(dir);
    // Only a folder in dbs/ is named through its root: one in _dbs/ or a pre-0.18 directory opens as itself.
    if (basename(dirname(nsDir)) !== DBS) return sqldAt(nsDir, cache);
    return new SqldDataDirLayout(dirname(dirname(nsDir)), basename(nsDir), cache);
  }
  if (basename(dirname(dir)) === DBS) return new SqldDataDirLayout(dirname(dirname(dir)), basename(dir), cache);
  if (await isFlatDataDir(dir)) {
    // A namespace left in _dbs/ by an interrupted migration keeps its name; a pre-0.18 directory's
    // database is "default".
    const name = basename(dirname(dir)) === LEFTOVER_DBS ? basename(dir) : DEFAULT_NAMESPACE;
    return new SqldDataDirLayout(dir, null, cache, name);
  }
  return new SqldDataDirLayout(dir, null, cache);
}

/** Picks the layout from what the folder holds: a path to one namespace opens too. */
async function detect(dir: string): Promise<LayoutName> {
  if (await isDir(join(dir, DBS))) return 'sqld';
  if (NAMESPACE_PARTS.includes(basename(dir)) && basename(dirname(dirname(dir))) === DBS) return 'sqld';
  if (basename(dir) === DATA_WAL || (await readNamespaceFolder(dir).catch(() => null))?.logged) return 'sqld';
  // Even a `segments` that is not a folder marks the seed's layout: listing it then says what is wrong.
  if ((await exists(`${dir}/segments`)) || (await isDir(`${dir}/namespaces`))) return 'seed';
  const names = await readNames(dir).catch((error: unknown) => {
    throw fsError(error, 'the folder', dir);
  });
  // Generation folders `{db_name}-{uuid}`: a bucket copy, or the staging folder sqld writes into.
  if (names.some((n) => dbNameOfFolder(n) !== null)) return 'bottomless';
  // An empty folder is a new seed directory: storing into it creates `segments/`.
  if (names.length === 0) return 'seed';
  const keyed = names.filter((n) => parseSegmentName(n)?.naming === 'libsql-wal-key');
  if (keyed.length > 0 && keyed.length === names.length && names.some((n) => n.endsWith('.seg'))) return 'compactor';
  return 'loose';
}

const notAFolder = (dir: string): SegscopeError =>
  new SegscopeError('NOT_FOUND', `${dir} is a file, not a directory of segments`);

/**
 * Opens whatever the operator points at as a layout. `override` skips detection (`--layout`);
 * `cache` keeps what listings read for the next one. A missing path or a file is an error naming it.
 */
export async function openLayout(
  path: string,
  override?: LayoutName,
  cache: ListingCache | null = null,
): Promise<Layout> {
  const dir = resolve(path);
  const info = await stat(fsPath(dir)).catch((error: unknown) => {
    throw fsError(error, 'the directory', dir);
  });
  // A namespace's log or WAL file opens its namespace: its pieces only mean something together.
  if (!info.isDirectory() && (override ?? 'sqld') === 'sqld' && NAMESPACE_PARTS.includes(basename(dir))) {
    return sqldAt(dir, cache);
  }
  if (!info.isDirectory()) throw notAFolder(dir);
  return build(override ?? (await detect(dir)), dir, cache, override === undefined);
}

export function parseLayoutName(value: string): LayoutName {
  const found = LAYOUT_NAMES.find((n) => n === value);
  if (!found)
    throw new SegscopeError('INVALID_ARGUMENT', `--layout must be one of ${LAYOUT_NAMES.join(', ')}; got "${value}"`);
  return found;
}

/**
 * The layout a folder's content says it holds, as openLayout would detect it; null for a folder
 * that is missing or empty, which no layout claims yet.
 */
export async function detectFolder(path: string): Promise<LayoutName | null> {
  const dir = resolve(path);
  const info = await stat(fsPath(dir)).catch(() => null);
  if (info === null) return null;
  if (!info.isDirectory()) throw notAFolder(dir);
  const names = await readNames(dir).catch((error: unknown) => {
    throw fsError(error, 'the folder', dir);
  });
  return names.length === 0 ? null : detect(dir);
}
