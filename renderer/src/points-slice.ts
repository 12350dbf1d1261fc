import type { RestorePoint } from '../../core/model/results.js';
import { call } from './bridge.js';
import { describeError } from './format.js';
import type { PointSlot, PointsSlice, TimeTravelSlice } from './time-travel-contract.js';

/**
 * Index of the newest point at or before what was typed, read as `--at-frame` reads it: a number is
 * a frame of the log (never a commit of the WAL file, whose points carry the log's newest frame
 * too), `wal:N` a commit of the WAL file by its own frame index; or an ISO time. -1 when none is.
 */
function snapIndex(points: readonly RestorePoint[], text: string): number {
  const trimmed = text.trim();
  const wal = /^wal:([0-9]{1,20})$/.exec(trimmed)?.[1];
  const time = Date.parse(trimmed);
  const atOrBefore = (p: RestorePoint): boolean => {
    if (wal !== undefined) return p.walFrame !== undefined && p.walFrame <= BigInt(wal);
    if (/^[0-9]{1,20}$/.test(trimmed)) return p.walFrame === undefined && p.frameNo <= BigInt(trimmed);
    return !Number.isNaN(time) && p.time !== null && Date.parse(p.time) <= time;
  };
  let index = -1;
  points.forEach((p, i) => {
    if (atOrBefore(p)) index = i;
  });
  return index;
}

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
      // A point typed before the points were in stands where it snaps, not at the default.
      for (const [which, text] of Object.entries(get().typedEarly) as [PointSlot, string][]) {
        const index = snapIndex(points, text);
        if (index >= 0) chosen[which] = index;
      }
      set({
        points,
        unreadable,
        gap,
        ...chosen,
        typedEarly: {},
        tables: [],
        result: null,
        changes: null,
        error: null,
        changesError: null,
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
    ensureLoaded() {
      if (get().loaded) return read;
      // Set first: a second pointer entering while the call runs must not start another.
      set({ loaded: true, reading: true });
      read = readPoints(turns.latest());
      return read;
    },
    choose: (which, index) => set({ [which]: index }),
    snapTo(which, text) {
      // Not yet a miss: the points it snaps to are still to be read.
      if (get().reading || !get().loaded) {
        set({ typedEarly: { ...get().typedEarly, [which]: text } });
        void get().ensureLoaded();
        return;
      }
      const index = snapIndex(get().points, text);
      // A miss shows where the picker is: the Query region's message, or the Changes region's.
      const problem =
        index < 0 ? { code: 'FRAME_NOT_FOUND', message: `no restore point is at or before ${text.trim()}` } : null;
      const shownAs = which === 'at' ? 'error' : 'changesError';
      set(index < 0 ? { [shownAs]: problem } : { [which]: index, [shownAs]: null });
    },
  };
};
