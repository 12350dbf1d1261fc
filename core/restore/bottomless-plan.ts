import { SegscopeError } from '../errors.js';
import { checkGenerationId } from '../format/bottomless-generation.js';
import type { Generation, NamespaceBackup } from '../layouts/bottomless-generations.js';
import type { SnapshotObject } from '../layouts/bottomless-objects.js';
import { chainToSnapshot } from '../layouts/bottomless-chain.js';

export interface GenerationPlan {
  chosen: Generation;
  /** Oldest first: the generation with the snapshot (or the first of the database), then its children. */
  chain: Generation[];
  snapshot: SnapshotObject | null;
  /** Frames flushed after this second are left out (a restore to a time); null for all. */
  untilSecs: number | null;
}

const createdSecs = (g: Generation): number => Number(g.createdMs / 1000n);
const isoOf = (ms: bigint): string => new Date(Number(ms)).toISOString();

/**
 * A time at which the backup holds no state, said with where its states begin: before its oldest
 * generation was created, or before anything was flushed in a chain that starts from an empty
 * database (`first`, the database's first generation, has no snapshot). bottomless finds nothing
 * to restore there, or restores the empty file it starts from; an empty database is no state the
 * backup holds, so Segscope makes none up, and refuses both times alike.
 */
export function noStateAt(dbName: string, time: string, first: Generation): SegscopeError {
  const begins = `the backup of ${dbName} begins at ${isoOf(first.createdMs)} (generation ${first.id})`;
  if (first.snapshots.length > 0)
    return new SegscopeError(
      'FRAME_NOT_FOUND',
      `${begins} with its snapshot; it holds no state at ${time}: choose a time from then on`,
    );
  const flushed = first.batches.map((b) => b.timestampSecs).sort((a, b) => a - b)[0];
  return new SegscopeError(
    'FRAME_NOT_FOUND',
    flushed === undefined
      ? `${begins} with an empty database, and no batch of it was flushed: it holds no state at ${time}`
      : `${begins} with an empty database, and its first batch was flushed at ${isoOf(BigInt(flushed) * 1000n)}: ` +
          `it holds no state at ${time}, an empty database being none it backed up; choose a time from then on`,
  );
}

/** Parses an ISO-8601 time into whole unix seconds (the batches' resolution). */
function secondsOf(iso: string, flag: string): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms))
    throw new SegscopeError(
      'INVALID_ARGUMENT',
      `${flag} must be an ISO-8601 time such as 2024-10-04T12:00:00Z, got "${iso}"`,
    );
  return Math.floor(ms / 1000);
}

/**
 * Which generation a restore stands on and which generations it replays: the one asked for, or
 * the newest created at or before the time (the newest of all without one); then its `.dep`
 * parents back to the first with a snapshot, at most MAX_CHAIN_DEPTH of them, or to the first
 * generation of the database. A cycle, a missing parent or an unreadable `.dep` refuses.
 */
export function planGenerations(
  backup: NamespaceBackup,
  options: { generation?: string | undefined; untilTime?: string | undefined },
): GenerationPlan {
  const untilSecs = options.untilTime !== undefined ? secondsOf(options.untilTime, '--until-time') : null;
  const byId = new Map(backup.generations.map((g) => [g.id, g]));
  let chosen: Generation | undefined;
  if (options.generation !== undefined) {
    chosen = byId.get(checkGenerationId(options.generation));
    if (!chosen) {
      throw new SegscopeError(
        'NOT_FOUND',
        `${backup.dbName} has no generation ${options.generation}; \`segscope list\` shows its generations ` +
          `(${backup.generations.length})`,
      );
    }
  } else {
    chosen = backup.generations.find((g) => untilSecs === null || createdSecs(g) <= untilSecs);
  }
  if (!chosen) {
    const oldest = backup.generations.at(-1);
    if (!oldest) throw new SegscopeError('FRAME_NOT_FOUND', `${backup.dbName} holds no generation to restore from`);
    throw noStateAt(backup.dbName, options.untilTime ?? '', oldest);
  }
  if (backup.tombstoneSecs !== null && backup.tombstoneSecs >= BigInt(createdSecs(chosen))) {
    throw new SegscopeError(
      'NOT_FOUND',
      `generation ${chosen.id} was deleted: ${backup.dbName}.tombstone covers it; choose a newer one with --generation`,
    );
  }
  const { chain, snapshot } = chainToSnapshot(byId, chosen);
  return { chosen, chain, snapshot, untilSecs };
}
