import { lstatSync } from 'node:fs';
import { relative, sep } from 'node:path';
import type { DatabaseFileInfo, DatabaseFileKind, UnrecognizedFile } from '../model/results.js';
import { DB_FOOTER_SIZE, decodeDbFooter, hasFooterSize, isValidDbFooter } from '../format/db-footer.js';
import { HEAD_SIZE } from '../format/detect.js';
import { PAGE_SIZE } from '../format/frame.js';
import { sqldDataProblems } from '../format/sqlite-database-header.js';
import { probeFileSync } from '../storage/local-file.js';
import { firstLink, linkEntry } from '../storage/no-links.js';

/**
 * A file a probe could not read (probeFileSync's null) that is there all the same, as its entry:
 * unreadable (permissions, an I/O error) is not absent, or a namespace whose WAL file or database
 * cannot be read would seem to have none. Null when there is no such file.
 */
export function unreadableEntry(path: string, file: string): UnrecognizedFile | null {
  let there = false;
  try {
    there = lstatSync(path, { throwIfNoEntry: false }) !== undefined;
  } catch {
    there = true; // a folder on the way that cannot be searched
  }
  if (!there) return null;
  return {
    file,
    code: 'IO_ERROR',
    message: `"${file}" is there but cannot be read (permission denied, or an I/O error)`,
  };
}

/**
 * A `data` no restore can stand on (not SQLite's, or not with sqld's pages), as its entry; null for
 * one that is. Its warnings are verify's to report (inspectDatabase).
 */
function dataRefusal(
  file: string,
  head: Uint8Array,
  pageBytes: bigint,
  kind: DatabaseFileKind,
): UnrecognizedFile | null {
  const error = sqldDataProblems(head, pageBytes, kind).find((p) => p.severity === 'error');
  if (!error) return null;
  return { file, code: error.code, message: `"${file}" is not the SQLite database sqld keeps: ${error.message}` };
}

/**
 * A namespace's database file (its size, pages and, where libsql-wal keeps it, footer), or why it
 * is not read: a link on the way from `root` to it or the file itself, a FIFO, a device or a folder
 * is reported rather than passed over, since without it a namespace shows only what its segments
 * hold; so is one that cannot be read, and one that is not SQLite's file with sqld's pages (in
 * either mode: libsql-wal's holds the pages below its checkpoint). Both null when there is no file.
 */
export function readDatabaseFile(
  root: string,
  path: string,
  kind: DatabaseFileKind,
): { database: DatabaseFileInfo | null; unrecognized: UnrecognizedFile | null } {
  const link = firstLink(root, path);
  if (link !== null) return { database: null, unrecognized: linkEntry(link) };
  const probe = probeFileSync(path, new Uint8Array(HEAD_SIZE));
  const file = relative(root, path).split(sep).join('/');
  if (!probe) return { database: null, unrecognized: unreadableEntry(path, file) };
  if ('notRegular' in probe) {
    const what = probe.notRegular === 'directory' ? 'a folder' : 'not a regular file (a FIFO, socket or device)';
    const message = `"${file}" is ${what}, so the namespace's database file is not read: only its segments are shown`;
    return { database: null, unrecognized: { file, code: 'NOT_A_DATABASE', message } };
  }
  // SQLite's own file (the default mode's) never has libsql-wal's footer: none is looked for there.
  const footerFits = kind === 'libsql-wal' && hasFooterSize(probe.size) && probe.tail.length === DB_FOOTER_SIZE;
  const footer = footerFits ? decodeDbFooter(probe.tail) : null;
  const valid = footer !== null && isValidDbFooter(footer);
  const pageBytes = probe.size - (footer ? BigInt(DB_FOOTER_SIZE) : 0n);
  const refused = dataRefusal(file, probe.head, pageBytes, kind);
  if (refused) return { database: null, unrecognized: refused };
  const database = {
    path,
    size: probe.size,
    pages: pageBytes / BigInt(PAGE_SIZE),
    kind,
    replicationIndex: valid ? footer.replicationIndex : null,
    logId: valid ? footer.logId : null,
  };
  return { database, unrecognized: null };
}
