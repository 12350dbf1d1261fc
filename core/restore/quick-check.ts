import { rmSync } from 'node:fs';
import { SegscopeError } from '../errors.js';
import type { StoppedWords } from './restore-contract.js';
import { Database } from '../sqlite/driver.js';

/** Findings quoted in the refusal: enough to act on, not a page of them. */
const QUOTED = 3;

/**
 * SQLite's own `quick_check` on a restored database before it is published: every frame may pass
 * its checksums and every rule of its format and the pages still not make a database (a writer's
 * bug, a page from another file). SQLite opens a WAL-mode file with its -wal and -shm beside it;
 * those are removed with it, so a check leaves nothing behind. `point` names the restore point in
 * the refusal as --until-frame takes it ("frame 41"; "wal:83", a commit of a default-mode
 * namespace's SQLite WAL; a bottomless "point <generation>:7").
 */
export function quickCheck(path: string, point: string, words: StoppedWords): void {
  let findings: string[];
  try {
    const db = new Database(path, { readonly: true, fileMustExist: true });
    try {
      // Not through a memory map, though it reads the pages from the page cache with no copy: every
      // mapped page counts as the process's resident memory, and a mapped 1.2 GB database put a
      // restore's peak at 1.3 GB against its bound of 200 MB (a 32 MiB window still passed it).
      // The check reads each table's pages twice (its b-tree check, then a scan of every row that
      // parses the record's header, whatever the columns) and never needs a page again in between,
      // so SQLite's default 16 MB cache only makes every read land in memory the processor has not
      // touched lately; 256 KiB stays in its cache and took 15-25% off the check's CPU on a 1.2 GB
      // database.
      db.pragma('cache_size = 64');
      findings = (db.pragma(`quick_check(${QUOTED})`) as Record<string, unknown>[]).map((row) =>
        String(Object.values(row)[0]),
      );
    } finally {
      db.close();
    }
  } catch (error) {
    findings = [error instanceof Error ? error.message : String(error)];
  } finally {
    for (const suffix of ['-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
  }
  if (findings.length === 1 && findings[0] === 'ok') return;
  throw new SegscopeError(
    'DATABASE_MALFORMED',
    `SQLite's quick_check finds the database as of ${point} malformed (${findings.join('; ')}); ` +
      `${words.stopped}: every frame passed its own checks, so a page in one is not what SQLite wrote; run ` +
      `verify, and ${words.earlier}`,
  );
}
