// The names sqld gives the folders and files of its data directory (docs/formats/sqld-default.md,
// "Layout"). Names only, so format/ and layouts/ use them without loading sqld's layout.

/** The folder of the namespace folders, `dbs/<ns>`. */
export const DBS = 'dbs';
/** Where `--migrate-bottomless` moves the old namespace folders before deleting them. */
export const LEFTOVER_DBS = '_dbs';
/** The version of the sqld that created the data directory (absent before 0.18). */
export const VERSION_FILE = '.version';
/** A namespace's SQLite database. */
export const DATA = 'data';
/** Beside `data`: SQLite's WAL file in default mode, the folder of segments with libsql-wal. */
export const DATA_WAL = 'data-wal';
/** Beside `data` in default mode: SQLite's wal-index, shared memory between its connections. */
export const DATA_SHM = 'data-shm';
/** Default mode's replication log. */
export const WALLOG = 'wallog';
/** Default mode's folders of compacted logs: the snapshots, and the logs waiting to become one. */
export const SNAPSHOTS = 'snapshots';
export const TO_COMPACT = 'to_compact';

/** The folders of a default-mode namespace whose files are pieces of its log. */
export const LOG_FOLDERS: readonly string[] = [SNAPSHOTS, TO_COMPACT];
/** The files of a default-mode namespace that are pieces of its history (beside `data`). */
export const LOG_FILES: readonly string[] = [WALLOG, DATA_WAL];
/** What a namespace folder holds that opens the namespace when a path names it. */
export const NAMESPACE_PARTS: readonly string[] = [...LOG_FILES, ...LOG_FOLDERS];
