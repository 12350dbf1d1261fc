/**
 * What a SQLite WAL file's (data-wal's) frame numbers are, as `list` and the screen say it: SQLite's
 * index of a frame in that file, which the log's frame numbers do not continue.
 */
export const WAL_INDEXES = "SQLite's frame indexes, not the log's";
