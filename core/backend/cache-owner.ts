import { readFile } from 'node:fs/promises';
import { lstat } from '../fs-async.js';
import { join } from 'node:path';
import { SegscopeError, errnoCode, fsError } from '../errors.js';
import { publish, writeTemp } from '../storage/atomic-write.js';
import { writeFully } from '../storage/write-fully.js';

/**
 * A local folder that caches a bucket's segments records which bucket, layout and cluster they
 * came from (`RemoteStorage.owner`), in this file at its root: a cache only ever answers for
 * the remote that filled it, never for another bucket or cluster read through the same folder.
 */
const CACHE_OWNER_FILE = '.segscope-remote';
/** The record is one line; anything larger was not written by Segscope. */
const MAX_RECORD_BYTES = 4096;

function recordPath(prefix: string): string {
  return join(prefix, CACHE_OWNER_FILE);
}

/** The remote recorded for the folder; null when none is (a folder no remote has filled). */
async function recordedOwner(prefix: string): Promise<string | null> {
  const path = recordPath(prefix);
  const info = await lstat(path).catch((error: unknown) => {
    if (errnoCode(error) === 'ENOENT' || errnoCode(error) === 'ENOTDIR') return null;
    throw fsError(error, 'the cache folder', prefix);
  });
  if (info === null) return null;
  if (!info.isFile() || info.size > MAX_RECORD_BYTES)
    throw new SegscopeError(
      'CACHE_MISMATCH',
      `${path} is not the one-line record of a remote Segscope writes; the folder is not used as a cache`,
    );
  const text = await readFile(path, 'utf8').catch((error: unknown) => {
    throw fsError(error, 'the cache record', path);
  });
  return text.trim();
}

function mismatch(prefix: string, recorded: string, owner: string): SegscopeError {
  return new SegscopeError(
    'CACHE_MISMATCH',
    `${prefix} caches the segments of ${recorded}, not of ${owner}: its segments would answer for a bucket ` +
      `that may not hold them; give another folder for this remote`,
  );
}

/** Refuses a folder whose cached segments came from another remote than `owner`. */
export async function checkCacheOwner(prefix: string, owner: string): Promise<void> {
  const recorded = await recordedOwner(prefix);
  if (recorded !== null && recorded !== owner) throw mismatch(prefix, recorded, owner);
}

/** Records `owner` as the folder's remote before a first segment of it is cached there. */
export async function claimCache(prefix: string, owner: string): Promise<void> {
  const recorded = await recordedOwner(prefix);
  if (recorded === owner) return;
  if (recorded !== null) throw mismatch(prefix, recorded, owner);
  const target = recordPath(prefix);
  const temp = await writeTemp(target, (handle) =>
    writeFully(handle, [Buffer.from(`${owner}\n`)], 0, 'the cache record', target),
  );
  // Another process claiming the folder at the same time: its record wins, and must be ours.
  await publish(temp, target, { replace: false, existsError: () => mismatch(prefix, '?', owner) }).catch(
    async (error: unknown) => {
      if (!(error instanceof SegscopeError && error.code === 'CACHE_MISMATCH')) throw error;
      await checkCacheOwner(prefix, owner);
    },
  );
}
