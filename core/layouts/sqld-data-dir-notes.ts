import { readdir } from '../fs-async.js';
import { join } from 'node:path';
import type { NamespaceConfig } from '../format/sqld-namespace-config.js';
import { parseSqldVersion } from '../format/sqld-version.js';
import { LEFTOVER_DBS, VERSION_FILE } from '../format/sqld-names.js';
import { probeFileSync } from '../storage/local-file.js';

/** `.version` is a semver of a few bytes; anything longer is not sqld's. */
const MAX_VERSION_BYTES = 64;

function versionNote(root: string, flat: boolean): string | null {
  // Its first bytes only, opened without blocking: a FIFO or a device named .version must not hang `namespaces`.
  const probe = probeFileSync(join(root, VERSION_FILE), new Uint8Array(MAX_VERSION_BYTES));
  if (probe === null)
    return flat
      ? 'a data directory of sqld before 0.18 (no dbs/, no .version): its one database is the namespace ' +
          '"default"; sqld 0.18 and later hard-link its files into dbs/default/ at start'
      : null;
  if ('notRegular' in probe)
    return '.version is not a regular file (a folder, link, FIFO or device), so it is not read';
  const text = new TextDecoder().decode(probe.head);
  const version = parseSqldVersion(text);
  return version !== null
    ? `written by sqld ${version} (.version)`
    : `.version holds "${text.trim().slice(0, 32)}", not a sqld version`;
}

/** `_dbs/` beside `dbs/`: `--migrate-bottomless` renamed the old namespaces there and stopped before deleting them. */
async function leftoverNote(root: string): Promise<string | null> {
  const names = await readdir(join(root, LEFTOVER_DBS)).catch(() => null);
  if (names === null) return null;
  const shown = names.sort().slice(0, 20).join(', ');
  return (
    `_dbs/ holds ${names.length} namespace folder(s) (${shown}${names.length > 20 ? ', …' : ''}): a ` +
    `--migrate-bottomless that stopped between renaming dbs/ to _dbs/ and deleting it; sqld serves dbs/, and ` +
    `_dbs/ is the data from before the migration (open _dbs/<ns> to read one)`
  );
}

/** What a sqld data directory says about itself beside its namespaces. */
export async function describeDataDir(
  root: string,
  flat: boolean,
): Promise<{ configs: Map<string, NamespaceConfig>; notes: string[] }> {
  const notes: string[] = [];
  const version = versionNote(root, flat);
  if (version) notes.push(version);
  const leftover = await leftoverNote(root);
  if (leftover) notes.push(leftover);
  // Loaded only here: SQLite's driver is no part of opening a layout (`meta` and `list` never load it).
  const { readMetastore } = await import('./sqld-metastore.js');
  const metastore = await readMetastore(root);
  if (metastore.problem) notes.push(metastore.problem);
  if (metastore.configs.size > 0)
    notes.push(`metastore: the configuration of ${metastore.configs.size} namespace(s), read from a copy`);
  return { configs: metastore.configs, notes };
}
