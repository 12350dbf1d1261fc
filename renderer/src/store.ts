import { create } from 'zustand';
import type { PublicSettings, RemoteSettings } from '../../core/model/settings.js';
import type {
  CompareResult,
  FetchResult,
  FirstRows,
  InspectResult,
  ListResult,
  ListedSegment,
  NamespacesResult,
  StoreResult,
  VerifiedSegment,
} from '../../core/model/results.js';
import type { SegmentStatus } from '../../core/model/segment-status.js';
import type { PageView } from '../../core/inspect/page-view.js';
import type { ProgressEvent } from '../../core/progress.js';
import { ApiError, call, storeDropped } from './bridge.js';
import { U64_MAX } from '../../core/format/segment-key.js';
import { type Shown, describeError, frameText, parseWhole } from './format.js';
import { useTimeTravel } from './time-travel-store.js';
import { statusRank, statusText } from './status-words.js';
import { useVerify } from './verify-store.js';

/** Rows asked for first when a namespace is read: a few screens of the table. */
const FIRST_ROWS = 200;

export type SortColumn = 'startFrameNo' | 'endFrameNo' | 'createdAt' | 'format' | 'size' | 'location' | 'status';

export type Tab = 'segments' | 'query' | 'changes';

/** A span of frames, both ends included. */
export interface FrameSpan {
  from: bigint;
  to: bigint;
  /** Bottomless: the generation the frames are in (each numbers its frames from 1). */
  generation?: string;
  /** A brush across generations: the segments it met, which frame numbers alone cannot name. */
  files?: ReadonlySet<string>;
  /** The span in words where frames alone would mislead (a brush across generations). */
  label?: string;
}

/** Whether a row is in the timeline's brush (or the span a gap's "Show" chose). */
function inSpan(s: ListedSegment, span: FrameSpan): boolean {
  if (span.files) return span.files.has(s.file);
  if (span.generation !== undefined && s.generation !== span.generation) return false;
  return s.startFrameNo <= span.to && span.from <= s.endFrameNo;
}

interface State {
  settings: PublicSettings | null;
  listing: ListResult | null;
  /** While a namespace is first read: the rows already read, shown before the whole listing. */
  firstRows: FirstRows | null;
  namespaces: NamespacesResult | null;
  loading: boolean;
  error: Shown | null;
  /** Why the open namespace could not be read: the Segments tab says so instead of an empty table. */
  readError: Shown | null;
  selected: string | null;
  detail: InspectResult | null;
  page: PageView | null;
  forComparison: string[];
  comparison: CompareResult | null;
  sort: { column: SortColumn; descending: boolean };
  statusFilter: SegmentStatus | 'all';
  frameFilter: string;
  storeOutcome: StoreResult | null;
  fetchOutcome: { result: FetchResult | null; error: Shown | null; text: string } | null;
  progress: Record<string, ProgressEvent>;
  dialog: 'open' | 'remote' | 'fetch' | null;
  tab: Tab;
  /** The timeline's brush: only segments meeting this span are in the table. */
  span: FrameSpan | null;
  /** A segment the table scrolls to (a timeline click); `seq` makes a second click on it count. */
  reveal: { file: string; seq: number } | null;
  /** The least width the Segments table needs for its columns whole (Details moves below under it). */
  tableLeast: number;
}

interface Actions {
  init: () => Promise<void>;
  open: (dir: string) => Promise<void>;
  refresh: () => Promise<void>;
  selectNamespace: (namespace: string) => Promise<void>;
  select: (file: string | null) => Promise<void>;
  showPage: (pageNo: number) => Promise<void>;
  toggleComparison: (file: string) => void;
  compare: () => Promise<void>;
  setSort: (column: SortColumn) => void;
  setStatusFilter: (status: SegmentStatus | 'all') => void;
  setFrameFilter: (text: string) => void;
  storeFiles: (files: File[]) => Promise<void>;
  fetchFrame: (input: { frame: string; namespace: string; destDir: string }) => Promise<void>;
  saveRemote: (remote: RemoteSettings) => Promise<void>;
  onProgress: (event: ProgressEvent) => void;
  setDialog: (dialog: State['dialog']) => void;
  clearError: () => void;
  setTab: (tab: Tab) => void;
  setSpan: (span: FrameSpan | null) => void;
  /** Selects a segment and scrolls the table to it. */
  revealSegment: (file: string) => void;
  closeComparison: () => void;
  setTableLeast: (width: number) => void;
}

export const useStore = create<State & Actions>()((set, get) => {
  /** Runs an action, showing its error (code and sentence) instead of losing it. */
  const guard = async (fn: () => Promise<void>) => {
    try {
      await fn();
    } catch (error) {
      set({ error: describeError(error), loading: false });
    }
  };
  // Each read of a namespace is numbered, so one that was overtaken (another directory or
  // namespace chosen meanwhile) does not replace the newer one's rows when it ends.
  let reads = 0;
  /**
   * Reads the open namespace with nothing of it on screen: its first rows as soon as the server
   * has read them, then the whole listing (a namespace of 100,000 segments takes a second or two).
   */
  const read = async () => {
    const mine = ++reads;
    useVerify.getState().reset();
    set({ loading: true, error: null, readError: null, listing: null, firstRows: null, span: null });
    try {
      const first = await call('listFirst', { rows: FIRST_ROWS });
      if (mine !== reads) return;
      if (!first.complete) set({ firstRows: first });
      const listing = await call('list', {});
      if (mine === reads) set({ listing, firstRows: null, loading: false });
    } catch (error) {
      // A listing that failed half-way is not left on screen as if the rest were coming.
      if (mine === reads) set({ firstRows: null, readError: describeError(error) });
      throw error;
    }
  };
  /**
   * Reads the open namespace, then every namespace for Sources; also when the read is refused (a
   * name two layouts hold, a namespace gone), so Sources offers the choices the error names.
   */
  const readWithNamespaces = async () => {
    try {
      await read();
    } catch (error) {
      await call('namespaces', {}).then(
        (namespaces) => set({ namespaces }),
        () => undefined,
      );
      throw error;
    }
    set({ namespaces: await call('namespaces', {}) });
  };
  /** The Query and Changes tabs read the open namespace's restore points when they show, not before. */
  const pointsIfShown = () => {
    if (get().tab !== 'segments') void useTimeTravel.getState().ensureLoaded();
  };
  /** Another namespace is open: its points replace the old one's, read at once where a tab shows them. */
  const namespaceChanged = () => {
    useTimeTravel.getState().reset();
    pointsIfShown();
  };
  return {
    settings: null,
    listing: null,
    firstRows: null,
    namespaces: null,
    loading: false,
    error: null,
    readError: null,
    selected: null,
    detail: null,
    page: null,
    forComparison: [],
    comparison: null,
    sort: { column: 'startFrameNo', descending: false },
    statusFilter: 'all',
    frameFilter: '',
    storeOutcome: null,
    fetchOutcome: null,
    progress: {},
    dialog: null,
    tab: 'segments',
    span: null,
    reveal: null,
    tableLeast: 0,

    init: () =>
      guard(async () => {
        const settings = await call('getSettings', {});
        set({ settings });
        if (settings.dir !== null) {
          await readWithNamespaces();
          namespaceChanged();
        }
      }),
    open: (dir) =>
      guard(async () => {
        set({ loading: true, error: null });
        const settings = await call('openDirectory', { dir });
        set({
          settings,
          selected: null,
          detail: null,
          page: null,
          forComparison: [],
          comparison: null,
          dialog: null,
          storeOutcome: null,
          fetchOutcome: null,
          namespaces: null,
        });
        namespaceChanged();
        await readWithNamespaces();
      }),
    // Reload keeps the rows on screen until the new listing replaces them.
    refresh: () =>
      guard(async () => {
        reads++;
        useVerify.getState().reset();
        set({ loading: true, error: null });
        set({ listing: await call('list', {}), firstRows: null, loading: false, readError: null });
        set({ namespaces: await call('namespaces', {}) });
      }),
    selectNamespace: (namespace) =>
      guard(async () => {
        set({ selected: null, detail: null, page: null, forComparison: [], comparison: null });
        set({ settings: await call('selectNamespace', { namespace }) });
        namespaceChanged();
        await readWithNamespaces();
      }),
    select: (file) =>
      guard(async () => {
        set({ selected: file, detail: null, page: null });
        if (!file) return;
        // A segment only the remote holds is fetched into this disk's cache first: one click.
        const row = shownSegments(get()).find((s) => s.file === file);
        if (row?.location === 'remote') set({ listing: await call('fetchToCache', { frameNo: row.startFrameNo }) });
        set({ detail: await call('inspect', { file, frames: true }) });
      }),
    showPage: (pageNo) =>
      guard(async () => {
        const file = get().selected;
        if (file) set({ page: await call('readPage', { file, pageNo }) });
      }),
    toggleComparison: (file) => {
      const current = get().forComparison;
      const next = current.includes(file) ? current.filter((f) => f !== file) : [...current, file].slice(-2);
      set({ forComparison: next, comparison: null });
    },
    compare: () =>
      guard(async () => {
        const [a, b] = get().forComparison;
        if (a && b) set({ comparison: await call('compare', { a, b }) });
      }),
    setSort: (column) => {
      const { sort } = get();
      // Status sorts the worst first on its first click: the rows an operator is looking for.
      const first = column === 'status';
      set({ sort: { column, descending: sort.column === column ? !sort.descending : first } });
    },
    setStatusFilter: (statusFilter) => set({ statusFilter }),
    setFrameFilter: (frameFilter) => set({ frameFilter }),
    storeFiles: (files) =>
      guard(async () => {
        set({ storeOutcome: null, error: null });
        set({ storeOutcome: await storeDropped(files) });
        await get().refresh();
      }),
    fetchFrame: async ({ frame, namespace, destDir }) => {
      set({ fetchOutcome: { result: null, error: null, text: `Fetching frame ${frame}…` } });
      try {
        const frameNo = parseWhole(frame);
        if (frameNo === null)
          throw new ApiError({
            code: 'INVALID_ARGUMENT',
            message: 'the frame number must be a whole number, such as 1,024',
          });
        if (frameNo > U64_MAX)
          throw new ApiError({
            code: 'INVALID_ARGUMENT',
            message: `frame numbers go up to ${frameText(U64_MAX)}; ${frame.trim()} is larger`,
          });
        if (!destDir.trim().startsWith('/') && !/^[A-Za-z]:[\\/]/.test(destDir.trim())) {
          throw new ApiError({
            code: 'INVALID_ARGUMENT',
            message: 'the destination directory must be a full path, such as /tmp/out',
          });
        }
        const result = await call('fetchByFrame', {
          frameNo,
          destDir: destDir.trim(),
          ...(namespace.trim() ? { namespace: namespace.trim() } : {}),
        });
        set({
          fetchOutcome: { result, error: null, text: `Fetched ${result.key} from ${result.source} to ${result.path}` },
        });
        if (result.source === 'remote') await get().refresh();
      } catch (error) {
        const shown = describeError(error);
        set({ fetchOutcome: { result: null, error: shown, text: `${shown.code}: ${shown.message}` } });
      }
    },
    saveRemote: (remote) =>
      guard(async () => {
        set({ settings: await call('setRemote', remote), dialog: null });
      }),
    onProgress: (event) => set({ progress: { ...get().progress, [event.id]: event } }),
    setDialog: (dialog) => set({ dialog }),
    clearError: () => set({ error: null }),
    setTab: (tab) => {
      set({ tab });
      pointsIfShown();
    },
    setSpan: (span) => set({ span }),
    revealSegment: (file) => {
      set({ reveal: { file, seq: (get().reveal?.seq ?? 0) + 1 } });
      void get().select(file);
    },
    closeComparison: () => set({ comparison: null }),
    setTableLeast: (tableLeast) => {
      if (tableLeast !== get().tableLeast) set({ tableLeast });
    },
  };
});

/** The rows on screen: the listing's, or while it is first read, those already read. */
export function shownSegments(state: Pick<State, 'listing' | 'firstRows'>): ListedSegment[] {
  return state.listing?.segments ?? state.firstRows?.segments ?? [];
}

/** The listing as the table shows it: filtered by status and frame, sorted by the chosen column. */
export function visibleSegments(
  state: Pick<State, 'listing' | 'firstRows' | 'sort' | 'statusFilter' | 'frameFilter' | 'span'>,
  verified?: ReadonlyMap<string, VerifiedSegment>,
): ListedSegment[] {
  const segments = shownSegments(state);
  const frame = parseWhole(state.frameFilter);
  const { span, statusFilter } = state;
  const filtered =
    statusFilter === 'all' && frame === null && span === null
      ? segments
      : segments.filter(
          (s) =>
            (statusFilter === 'all' || s.status === statusFilter) &&
            (frame === null || (s.startFrameNo <= frame && frame <= s.endFrameNo)) &&
            (span === null || inSpan(s, span)),
        );
  const { column, descending } = state.sort;
  if (column === 'startFrameNo' && !descending) return filtered;
  if (column === 'status') return byStatus(filtered, verified ?? new Map(), descending);
  const sorted = [...filtered].sort((a, b) => {
    const x = a[column] ?? '';
    const y = b[column] ?? '';
    return x < y ? -1 : x > y ? 1 : 0;
  });
  return descending ? sorted.reverse() : sorted;
}

/**
 * Rows by what was found of them (verify's outcome where it ran, the header's otherwise), then by
 * the words shown, then by frame; descending puts the worst first. Ranks are worked out once a row.
 */
function byStatus(
  rows: readonly ListedSegment[],
  verified: ReadonlyMap<string, VerifiedSegment>,
  descending: boolean,
): ListedSegment[] {
  const keyed = rows.map((s, at) => {
    const v = verified.get(s.file);
    return { s, at, rank: statusRank(s, v), text: statusText(s, v) };
  });
  const sign = descending ? -1 : 1;
  keyed.sort(
    (a, b) => sign * (a.rank - b.rank) || sign * (a.text < b.text ? -1 : a.text > b.text ? 1 : 0) || a.at - b.at,
  );
  return keyed.map((k) => k.s);
}
