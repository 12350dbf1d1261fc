import { create } from 'zustand';
import type { DamagedPiece, FrameRange, RestorePoint } from '../../core/model/results.js';
import type { DiffResult } from '../../core/timetravel/diff.js';
import type { SqlResult } from '../../core/timetravel/sql.js';
import { call } from './bridge.js';
import { type Shown, describeError } from './format.js';

interface TimeTravelState {
  points: RestorePoint[];
  /**
   * Pieces whose points could not be read: their points (from `fromFrameNo` on, where given), and the
   * log's after them, are not in `points`.
   */
  unreadable: DamagedPiece[];
  /** The segments' first gap: the points from it on are not in `points` (a restore there is refused). */
  gap: FrameRange | null;
  /** Index into `points` of the point the Query region stands at. */
  at: number;
  tables: string[];
  result: SqlResult | null;
  running: boolean;
  error: Shown | null;
  from: number;
  to: number;
  changes: DiffResult | null;
  comparing: boolean;
  changesError: Shown | null;
  /** Whether `points` belong to the namespace on screen; false after it changes. */
  loaded: boolean;
  /** While the restore points are being read. */
  reading: boolean;
  /** Rebuild points across missing frames (the command line's --allow-gaps) instead of refusing. */
  allowGaps: boolean;
  setAllowGaps: (allow: boolean) => void;
  /**
   * Forgets the namespace that was on screen: its points, rows and changes, and any answer still to
   * come for it; a query or diff still running for it is cancelled on the server.
   */
  reset: () => void;
  /** Reads the restore points, once per namespace, when the regions are first used. */
  ensureLoaded: () => Promise<void>;
  /** Stands one of the three pickers at `points[index]`. */
  choose: (which: PointSlot, index: number) => void;
  /** A frame number or an ISO time, snapped to the newest point at or before it. */
  snapTo: (which: PointSlot, text: string) => void;
  run: (sql: string) => Promise<void>;
  cancel: () => Promise<void>;
  compare: () => Promise<void>;
  /** The changes between the ends of two segments (two rows chosen in the Segments table). */
  compareSegmentEnds: (a: bigint, b: bigint) => Promise<void>;
}

/** The Query region's point, and the Changes region's two. */
export type PointSlot = 'at' | 'from' | 'to';

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

// A commit of a default-mode namespace's SQLite WAL file is asked for by its own frame index; a
// bottomless frame with its generation, as frames restart in each.
const pointInput = (p: RestorePoint | undefined) =>
  p
    ? p.walFrame !== undefined
      ? { atWalFrame: p.walFrame }
      : { atFrameNo: p.frameNo, ...(p.generation !== undefined ? { generation: p.generation } : {}) }
    : {};

/** The Query and Changes regions' state: restore points, a query's rows, two points' changes. */
export const useTimeTravel = create<TimeTravelState>()((set, get) => {
  // Each namespace opened is numbered, so an answer asked for under the one left behind (its
  // points, a query's rows, its changes) is dropped when it comes instead of shown on the new one;
  // and each query and diff started, so an answer to one that is no longer the latest of its kind
  // (a cancelled query's CANCELLED, come after Run was pressed again) is dropped too.
  let opened = 0;
  const started = { query: 0, diff: 0 };
  /**
   * A check, for later, that what is asked for now is still wanted: the namespace open now is still
   * open and, for a query or diff (`work`, numbered here), none of its kind has been started since.
   */
  const latest = (work?: keyof typeof started): (() => boolean) => {
    const namespace = opened;
    const number = work === undefined ? 0 : ++started[work];
    return () => namespace === opened && (work === undefined || number === started[work]);
  };
  // The last cancel sent (by Cancel, or by a namespace switch for the work left behind): a query or
  // diff asked for after it waits for its answer, or the cancel could arrive after it and end it instead.
  let stopping: Promise<void> = Promise.resolve();
  const stop = (): Promise<void> =>
    (stopping = call('cancelQuery', {}).then(
      () => undefined,
      () => undefined,
    ));
  return {
    points: [],
    unreadable: [],
    gap: null,
    at: 0,
    tables: [],
    result: null,
    running: false,
    error: null,
    from: 0,
    to: 0,
    changes: null,
    comparing: false,
    changesError: null,
    loaded: false,
    reading: false,
    allowGaps: false,
    setAllowGaps: (allowGaps) => set({ allowGaps }),
    reset: () => {
      opened++;
      // The server ends the query or diff left behind too: its answer is dropped, its work would
      // keep a core busy until its time limit.
      if (get().running || get().comparing) void stop();
      set({
        loaded: false,
        reading: false,
        running: false,
        comparing: false,
        points: [],
        unreadable: [],
        gap: null,
        tables: [],
        result: null,
        changes: null,
        error: null,
        changesError: null,
      });
    },
    async ensureLoaded() {
      if (get().loaded) return;
      const current = latest();
      // Set first: a second pointer entering while the call runs must not start another.
      set({ loaded: true, reading: true });
      try {
        const { points, unreadable = [], gap = null } = await call('points', {});
        if (!current()) return;
        const last = Math.max(0, points.length - 1);
        set({
          points,
          unreadable,
          gap,
          at: last,
          from: Math.max(0, last - 1),
          to: last,
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
    },
    choose: (which, index) => set({ [which]: index }),
    snapTo(which, text) {
      const index = snapIndex(get().points, text);
      // A miss shows where the picker is: the Query region's message, or the Changes region's.
      const problem =
        index < 0 ? { code: 'FRAME_NOT_FOUND', message: `no restore point is at or before ${text.trim()}` } : null;
      const shownAs = which === 'at' ? 'error' : 'changesError';
      set(index < 0 ? { [shownAs]: problem } : { [which]: index, [shownAs]: null });
    },
    async run(sql) {
      const current = latest('query');
      set({ running: true, error: null });
      try {
        await stopping;
        const at = { ...pointInput(get().points[get().at]), ...(get().allowGaps ? { allowGaps: true } : {}) };
        const result = await call('sql', { query: sql, ...at });
        if (!current()) return;
        set({ result, running: false });
        // The database at that point is built now: its table names come at no cost. A cancel sent
        // while the rows were on their way would end this call too: it waits for it, as the query did.
        await stopping;
        if (!current()) return;
        const names = await call('sql', {
          query: "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
          ...at,
        });
        if (current()) set({ tables: names.rows.flatMap(([name]) => (typeof name === 'string' ? [name] : [])) });
      } catch (error) {
        // The last results stay on screen under the error, which says what failed.
        if (current()) set({ error: describeError(error), running: false });
      }
    },
    async cancel() {
      const cancelled = { ...started };
      await stop();
      // What was running is not shown running any more, whatever the server answers later; a query
      // or diff started since the cancel was sent is.
      set({
        ...(cancelled.query === started.query ? { running: false } : {}),
        ...(cancelled.diff === started.diff ? { comparing: false } : {}),
      });
    },
    async compare() {
      const { points, from, to, allowGaps } = get();
      const gaps = allowGaps ? { allowGaps: true } : {};
      const current = latest('diff');
      set({ comparing: true, changesError: null });
      try {
        await stopping;
        const request = {
          from: { ...pointInput(points[from]), ...gaps },
          to: { ...pointInput(points[to]), ...gaps },
          limit: 200,
        };
        const changes = await call('diff', request);
        if (current()) set({ changes, comparing: false });
      } catch (error) {
        if (current()) set({ changesError: describeError(error), comparing: false, changes: null });
      }
    },
    async compareSegmentEnds(a, b) {
      const current = latest();
      await get().ensureLoaded();
      // The two rows were chosen in the namespace open then: another one's points do not hold them.
      if (!current()) return;
      const [older, newer] = a < b ? [a, b] : [b, a];
      get().snapTo('from', String(older));
      get().snapTo('to', String(newer));
      if (!get().changesError) await get().compare();
    },
  };
});
