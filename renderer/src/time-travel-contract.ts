import type { StateCreator } from 'zustand';
import type { DamagedPiece, FetchedSegments, FrameRange, RestorePoint } from '../../core/model/results.js';
import type { DiffResult } from '../../core/timetravel/diff.js';
import type { SqlResult } from '../../core/timetravel/sql.js';
import type { Shown } from './format.js';
import type { Turns } from './time-travel-turns.js';

/** The Query region's point, and the Changes region's two. */
export type PointSlot = 'at' | 'from' | 'to';

/** The open namespace's restore points and where the three pickers stand among them. */
export interface PointsSlice {
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
  from: number;
  to: number;
  /** Whether `points` belong to the namespace on screen; false after it changes. */
  loaded: boolean;
  /** While the restore points are being read. */
  reading: boolean;
  /** What was typed into a picker while the points were read: snapped once they are in. */
  typedEarly: Partial<Record<PointSlot, string>>;
  /**
   * What was typed into a picker and named no point (shown with why): that picker stands at none,
   * and nothing is run or compared there, until a point is typed or stepped to.
   */
  refused: Partial<Record<PointSlot, string>>;
  /** Reads the restore points, once per namespace, when the regions are first used. */
  ensureLoaded: () => Promise<void>;
  /** Stands one of the three pickers at `points[index]` (a point refused there is forgotten). */
  choose: (which: PointSlot, index: number) => void;
  /** A frame number or an ISO time, snapped to the newest point at or before it, or refused. */
  snapTo: (which: PointSlot, text: string) => void;
}

/** The Query region's rows at its point, and the tables there. */
export interface QuerySlice {
  tables: string[];
  result: (SqlResult & FetchedSegments) | null;
  running: boolean;
  error: Shown | null;
  run: (sql: string) => Promise<void>;
}

/** The Changes region's rows changed between its two points. */
export interface ChangesSlice {
  changes: (DiffResult & FetchedSegments) | null;
  comparing: boolean;
  changesError: Shown | null;
  compare: () => Promise<void>;
  /** The changes between the ends of two segments (two rows chosen in the Segments table). */
  compareSegmentEnds: (a: bigint, b: bigint) => Promise<void>;
}

/** What the regions share: the --allow-gaps choice, and ending the work of a namespace left or cancelled. */
export interface TimeTravelCommon {
  /** Rebuild points across missing frames (the command line's --allow-gaps) instead of refusing. */
  allowGaps: boolean;
  setAllowGaps: (allow: boolean) => void;
  /**
   * Forgets the namespace that was on screen: its points, rows and changes, and any answer still to
   * come for it; a query or diff still running for it is cancelled on the server.
   */
  reset: () => void;
  cancel: () => Promise<void>;
}

export type TimeTravelState = PointsSlice & QuerySlice & ChangesSlice & TimeTravelCommon;

/** A slice of the time-travel store: it sets and reads the whole; `turns` says whether an answer is still wanted. */
export type TimeTravelSlice<T> = (
  turns: Turns,
  ...a: Parameters<StateCreator<TimeTravelState, [], [], T>>
) => ReturnType<StateCreator<TimeTravelState, [], [], T>>;
