import type { RestorePoint } from './results.js';
import { frameArgument } from './point-text.js';

/** The newest of `points` at or before `frame`, and the oldest after it; one where `frame` is a point. */
function nearest(points: readonly RestorePoint[], frame: bigint, of: (p: RestorePoint) => bigint): RestorePoint[] {
  const before = points.filter((p) => of(p) <= frame).at(-1);
  const after = points.find((p) => of(p) > frame);
  if (before && of(before) === frame) return [before];
  return [before, after].filter((p) => p !== undefined);
}

/**
 * What a refusal of a point of a default-mode namespace's log adds: data and data-wal are a history
 * of their own, which the refusal does not touch, named by the points `points` lists for it. A
 * point not found names the log's nearest too, and the WAL's nearest to `wal:N` for the N asked (a
 * frame number is the log's, never the WAL's: one may be typed for the other). No option is named:
 * a restore, a query and a diff each ask for a point with their own.
 */
export function currentStateHint(
  points: readonly RestorePoint[],
  notFound: { frameNo: bigint | undefined } | null,
): string {
  const wal = points.filter((p) => p.walFrame !== undefined);
  const log = points.filter((p) => p.walFrame === undefined);
  const oldest = wal[0];
  const newest = wal.at(-1);
  if (!oldest || !newest) return '';
  const history =
    `data and data-wal are a history of their own: its points are ${frameArgument(oldest)} to ` +
    `${frameArgument(newest)}, the newest being the current state`;
  if (!notFound) return history;
  const asked = notFound.frameNo;
  const logNear = asked === undefined ? log.slice(0, 1) : nearest(log, asked, (p) => p.frameNo);
  const logWords = logNear.map((p) => `frame ${frameArgument(p)}`).join(' and ');
  const logSays =
    logNear.length === 0
      ? 'the log lists no point'
      : logNear[0] === log[0] && logNear.length === 1
        ? `the log's first point is ${logWords}`
        : `the log's nearest ${logNear.length > 1 ? 'points are' : 'point is'} ${logWords}`;
  const walNear =
    asked === undefined || asked > (newest.walFrame ?? 0n) ? [] : nearest(wal, asked, (p) => p.walFrame ?? 0n);
  const walNames = walNear.map(frameArgument).join(' and ');
  const walWords =
    walNear.length === 0
      ? ''
      : walNear[0]?.walFrame === asked
        ? `; if wal:${asked} was meant, it is one of them`
        : `; if wal:${asked} was meant, ${walNames} ${walNear.length > 1 ? 'are' : 'is'} its nearest`;
  return `${logSays}; ${history}${walWords}`;
}
