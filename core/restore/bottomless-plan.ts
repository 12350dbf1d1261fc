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
    throw new SegscopeError(
      'FRAME_NOT_FOUND',
      oldest
        ? `the backup of ${backup.dbName} begins at ${new Date(Number(oldest.createdMs)).toISOString()} ` +
            `(generation ${oldest.id}); it holds no state at ${options.untilTime ?? ''}, not even an empty ` +
            `database: choose a time from then on`
        : `${backup.dbName} holds no generation to restore from`,
    );
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
