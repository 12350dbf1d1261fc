import { SegscopeError } from '../errors.js';
import { logHint } from '../model/log-hint.js';
import { NOT_THE_NAMESPACES, type RestoreSource, type StoppedWords } from './restore-contract.js';

/** How many reads a writer's checkpoints may cut through before the restore gives up. */
export const READ_TRIES = 3;

/** Asked by a read once its last byte is read: the refusal to throw where a checkpoint ran under it. */
export type CheckpointCheck = () => SegscopeError | null;

/**
 * A read of a source whose files a writer may checkpoint under it (`live`), read again from a new
 * listing whenever the checkpoint mark moved, whatever the read's outcome: a success may stand on
 * pages of two states, and a refusal may be the mix's, not the files'. `read` asks `check` once
 * its last byte is read and before it publishes anything. The next read waits for a checkpoint
 * still copying to end. After READ_TRIES reads that each saw a checkpoint, SOURCE_CHANGED. A source
 * with no live files is read once, as it is.
 */
export async function readSettled<T>(
  source: RestoreSource,
  read: (source: RestoreSource, check: CheckpointCheck) => Promise<T>,
  { words, logEnd }: { words: StoppedWords; logEnd: bigint | null },
): Promise<T> {
  let reading = source;
  for (let tries = 1; ; tries++) {
    const live = reading.live;
    const moved = () => live !== undefined && live.mark() !== live.marked;
    try {
      return await read(reading, () => (moved() ? new SegscopeError('SOURCE_CHANGED', 'a checkpoint ran') : null));
    } catch (error) {
      if (!live || !(error instanceof SegscopeError) || NOT_THE_NAMESPACES.has(error.code)) throw error;
      if (error.code !== 'SOURCE_CHANGED' && !moved()) throw error;
      if (tries === READ_TRIES) throw changedError(tries, words, logEnd);
      // A read started while a checkpoint is still copying would be cut again as it ends.
      await live.copied();
      const next = await live.relist();
      if (!next) throw changedError(tries, words, logEnd);
      reading = next;
    }
  }
}

function changedError(tries: number, words: StoppedWords, logEnd: bigint | null): SegscopeError {
  const log =
    logEnd === null ? '' : `, or ask for a point of the log, which a checkpoint leaves as it is (${logHint(logEnd)})`;
  return new SegscopeError(
    'SOURCE_CHANGED',
    `data and data-wal changed under each of ${tries} reads: their writer (sqld) checkpointed, copying data-wal ` +
      `into data or starting data-wal again, so no read stood on one state; ${words.stopped}. Stop the writer and ` +
      `try again${log}`,
  );
}
