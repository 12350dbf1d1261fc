import type { RestorePoint } from '../../core/model/results.js';
import { call } from './bridge.js';
import { currentStateHint } from '../../core/model/current-state-hint.js';
import { type PointText, readPointText } from '../../core/model/point-text.js';
import { type Shown, describeError } from './format.js';
import type { PointSlot, PointsSlice, TimeTravelSlice, TimeTravelState } from './time-travel-contract.js';

/**
 * Index of the newest point at or before what was typed, read as `--at-frame` reads it: a number is
 * a frame of the log (never a commit of the WAL file, whose points carry the log's newest frame
 * too), or of the newest generation where frames restart per generation (bottomless, as a restore
 * without --generation stands on that one); `wal:N` a commit of the WAL file by its own frame
 * index, `<generation>:N` a frame of that bottomless generation; or an ISO time. -1 when none is.
 */
function snapIndex(points: readonly RestorePoint[], typed: PointText): number {
  const generation = 'frameNo' in typed ? (typed.generation ?? points.at(-1)?.generation) : undefined;
  const atOrBefore = (p: RestorePoint): boolean => {
    if ('time' in typed) return p.time !== null && Date.parse(p.time) <= Date.parse(typed.time);
    if ('walFrame' in typed) return p.walFrame !== undefined && p.walFrame <= typed.walFrame;
    if (p.generation !== generation) return false;
    return p.walFrame === undefined && p.frameNo <= typed.frameNo;
  };
  let index = -1;
  points.forEach((p, i) => {
    if (atOrBefore(p)) index = i;
  });
  return index;
}

/** A typed point none is at or before, in a restore's words: with data and data-wal's points, where there are some. */
function missed(points: readonly RestorePoint[], text: string, typed: PointText): Shown {
  const frameNo = 'frameNo' in typed && typed.generation === undefined ? typed.frameNo : undefined;
  const hint = currentStateHint(points, { frameNo });
  const asked = frameNo === undefined ? text : `frame ${frameNo}`;
  return { code: 'FRAME_NOT_FOUND', message: `no restore point is at or before ${asked}${hint && ` (${hint})`}` };
}

/**
 * Where text typed into a picker snaps, or why it cannot: text that names no point at all is
 * INVALID_ARGUMENT in the command line's words.
 */
function snapOrProblem(points: readonly RestorePoint[], text: string): { index: number } | { problem: Shown } {
  const trimmed = text.trim();
  let typed: PointText;
  try {
    typed = readPointText(trimmed, 'a restore point');
  } catch (error) {
    return { problem: describeError(error) };
  }
  const index = snapIndex(points, typed);
  return index >= 0 ? { index } : { problem: missed(points, trimmed, typed) };
}

/** Where a picker's refusal is shown: the Query region's message, or the Changes region's. */
const shownAs = (which: PointSlot) => (which === 'at' ? 'error' : 'changesError');

export const pointsSlice: TimeTravelSlice<PointsSlice> = (turns, set, get) => {
  // The read under way, or done, of the points of the namespace on screen: what waits for them
  // (a query run, two segments compared) waits for this one rather than starting another.
  let read: Promise<void> = Promise.resolve();
  const readPoints = async (current: () => boolean): Promise<void> => {
    try {
      const { points, unreadable = [], gap = null } = await call('points', {});
      if (!current()) return;
      const last = Math.max(0, points.length - 1);
      const chosen = { at: last, from: Math.max(0, last - 1), to: last };
      const refused: Partial<Record<PointSlot, string>> = {};
      const problems: Pick<TimeTravelState, 'error' | 'changesError'> = { error: null, changesError: null };
      // A point typed before the points were in stands where it snaps, not at the default; one
      // refused leaves its picker at none, as it would have once they were in.
      for (const [which, text] of Object.entries(get().typedEarly) as [PointSlot, string][]) {
        const snapped = snapOrProblem(points, text);
        if ('index' in snapped) chosen[which] = snapped.index;
        else [refused[which], problems[shownAs(which)]] = [text.trim(), snapped.problem];
      }
      set({
        points,
        unreadable,
        gap,
        ...chosen,
        refused,
        typedEarly: {},
        tables: [],
        result: null,
        changes: null,
        ...problems,
        reading: false,
      });
    } catch (error) {
      if (current())
        set({ points: [], unreadable: [], gap: null, tables: [], error: describeError(error), reading: false });
    }
  };
  return {
    points: [],
    unreadable: [],
    gap: null,
    at: 0,
    from: 0,
    to: 0,
    loaded: false,
    reading: false,
    typedEarly: {},
    refused: {},
    ensureLoaded() {
      if (get().loaded) return read;
      // Set first: a second pointer entering while the call runs must not start another.
      set({ loaded: true, reading: true });
      read = readPoints(turns.latest());
      return read;
    },
    choose: (which, index) => set({ [which]: index, refused: { ...get().refused, [which]: undefined } }),
    snapTo(which, text) {
      // Not yet a miss: the points it snaps to are still to be read.
      if (get().reading || !get().loaded) {
        set({ typedEarly: { ...get().typedEarly, [which]: text } });
        void get().ensureLoaded();
        return;
      }
      const snapped = snapOrProblem(get().points, text);
      const refused = { ...get().refused, [which]: 'index' in snapped ? undefined : text.trim() };
      set(
        'index' in snapped
          ? { [which]: snapped.index, refused, [shownAs(which)]: null }
          : { refused, [shownAs(which)]: snapped.problem },
      );
    },
  };
};
