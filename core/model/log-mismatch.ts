import { logHint } from './log-hint.js';

/**
 * A default-mode namespace's two histories disagreeing at their ends (LOG_MISMATCH): the current
 * state, data + data-wal as of data-wal's last commit, does not hold the pages of the log's newest
 * commit. verify says it of the namespace; a restore, query or diff standing at the current state
 * carries it with its result.
 */
export interface LogMismatch {
  /** The warning's code, so that a --json reader finds it as it finds verify's. */
  code: 'LOG_MISMATCH';
  /** data-wal's last commit, by SQLite's frame index: where the current state stands. */
  walFrame: bigint;
  /** The log's newest commit. */
  logEnd: bigint;
  /**
   * data-wal holds exactly one committed transaction more than the log: the log's newest commit is
   * data-wal's commit before its last (sqld stopped between SQLite's commit and the log's write).
   */
  walAhead: boolean;
  /** The first difference found: a page, or the database sizes. */
  differs: string;
}

/**
 * The line a restore, query or diff at the current state adds (the command's text, and the screen
 * under a query's or a diff's result) where it disagrees with the log: which commit it stands at,
 * where the log ends, and how that point is reached. '' where they agree.
 */
export function logMismatchNote(mismatch: LogMismatch | undefined, point = 'the database'): string {
  if (!mismatch) return '';
  const { walFrame, logEnd } = mismatch;
  const dataAlone = walFrame === 0n;
  const which = mismatch.walAhead
    ? `holds one committed transaction more than the log's newest commit (frame ${logEnd}), which sqld had ` +
      `not written to the log yet`
    : `and the log's newest commit (frame ${logEnd}) hold different pages (${mismatch.differs}): a transaction ` +
      `is missing from one of them, ${dataAlone ? 'data-wal perhaps emptied or lost' : "data-wal's tail perhaps lost"}`;
  const state = dataAlone ? 'data alone, to which data-wal adds no commit' : 'data + data-wal as of its last commit';
  return (
    `warning LOG_MISMATCH: ${point} is the current state, ${state} (wal:${walFrame}); it ${which}; ` +
    `${logHint(logEnd)}, asked for by that frame number`
  );
}
