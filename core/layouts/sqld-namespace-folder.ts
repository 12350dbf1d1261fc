import type { Stats } from 'node:fs';
import { join } from 'node:path';
import { errnoCode, fsError } from '../errors.js';
import { DATA, DATA_WAL, SNAPSHOTS, WALLOG } from '../format/sqld-names.js';
import { stat } from '../fs-async.js';
import { fsPath } from '../fs-names.js';
import type { NamespaceKind } from '../model/results.js';

/** What a folder holds of a sqld namespace's files: the one reading of them every question uses. */
export interface NamespaceFolder {
  /**
   * Who writes it: a `data-wal` folder is libsql-wal; a `data-wal` file (SQLite's WAL), or with
   * none a `wallog` or `snapshots/`, is default mode; anything else is libsql-wal.
   */
  kind: NamespaceKind;
  /** It holds sqld's WAL or log (`data-wal` or `wallog`): detection calls it sqld's. */
  logged: boolean;
  /** It holds those or the database `data`: the files of one namespace (a folder opened as itself). */
  files: boolean;
}

async function entry(dir: string, name: string): Promise<Stats | null> {
  return stat(fsPath(join(dir, name))).catch((error: unknown) => {
    const code = errnoCode(error);
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    // A namespace folder that cannot be searched (permissions) is named, not an internal error.
    throw fsError(error, 'the namespace folder', dir);
  });
}

export async function readNamespaceFolder(dir: string): Promise<NamespaceFolder> {
  const [wal, log, snapshots, data] = await Promise.all(
    [DATA_WAL, WALLOG, SNAPSHOTS, DATA].map((name) => entry(dir, name)),
  );
  const defaultMode = wal ? !wal.isDirectory() : log !== null || (snapshots?.isDirectory() ?? false);
  const logged = wal !== null || log !== null;
  return { kind: defaultMode ? 'default-mode' : 'libsql-wal', logged, files: logged || data !== null };
}
