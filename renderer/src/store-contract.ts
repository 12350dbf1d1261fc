import type { StateCreator } from 'zustand';
import type { PublicSettings, RemoteSettings } from '../../core/model/settings.js';
import type {
  CompareResult,
  FetchResult,
  FirstRows,
  InspectResult,
  ListResult,
  NamespacesResult,
  StoreResult,
} from '../../core/model/results.js';
import type { SegmentStatus } from '../../core/model/segment-status.js';
import type { PageView } from '../../core/inspect/page-view.js';
import type { ProgressEvent } from '../../core/progress.js';
import type { Shown } from './format.js';

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

/** The open directory and namespace as read: settings, rows, Sources' namespaces, and why a read failed. */
export interface ListingSlice {
  settings: PublicSettings | null;
  listing: ListResult | null;
  /** While a namespace is first read: the rows already read, shown before the whole listing. */
  firstRows: FirstRows | null;
  namespaces: NamespacesResult | null;
  loading: boolean;
  error: Shown | null;
  /** Why the open namespace could not be read: the Segments tab says so instead of an empty table. */
  readError: Shown | null;
  init: () => Promise<void>;
  open: (dir: string) => Promise<void>;
  refresh: () => Promise<void>;
  selectNamespace: (namespace: string) => Promise<void>;
  saveRemote: (remote: RemoteSettings) => Promise<void>;
  clearError: () => void;
}

/** The segment shown in Details (its header, a page) and the two chosen for a comparison. */
export interface SelectionSlice {
  selected: string | null;
  detail: InspectResult | null;
  page: PageView | null;
  forComparison: string[];
  comparison: CompareResult | null;
  /** A segment the table scrolls to (a timeline click); `seq` makes a second click on it count. */
  reveal: { file: string; seq: number } | null;
  select: (file: string | null) => Promise<void>;
  showPage: (pageNo: number) => Promise<void>;
  toggleComparison: (file: string) => void;
  compare: () => Promise<void>;
  closeComparison: () => void;
  /** Selects a segment and scrolls the table to it. */
  revealSegment: (file: string) => void;
}

/** Which rows the Segments table shows and in what order, and the width its columns need. */
export interface TableViewSlice {
  sort: { column: SortColumn; descending: boolean };
  statusFilter: SegmentStatus | 'all';
  frameFilter: string;
  /** The timeline's brush: only segments meeting this span are in the table. */
  span: FrameSpan | null;
  /** The least width the Segments table needs for its columns whole (Details moves below under it). */
  tableLeast: number;
  setSort: (column: SortColumn) => void;
  setStatusFilter: (status: SegmentStatus | 'all') => void;
  setFrameFilter: (text: string) => void;
  setSpan: (span: FrameSpan | null) => void;
  setTableLeast: (width: number) => void;
}

/** Segments taken in: files dropped on the window and stored, and a fetch by frame. */
export interface IntakeSlice {
  storeOutcome: StoreResult | null;
  fetchOutcome: { result: FetchResult | null; error: Shown | null; text: string } | null;
  /** Store over a different segment already stored under a file's key (the command line's --replace). */
  replaceStored: boolean;
  setReplaceStored: (replace: boolean) => void;
  storeFiles: (files: File[]) => Promise<void>;
  /** `replace`: over a file already at the destination (the command line's --replace). */
  fetchFrame: (input: { frame: string; namespace: string; destDir: string; replace: boolean }) => Promise<void>;
}

/** What the window shows around the data: the tab, the dialog open, the work in progress. */
export interface ScreenSlice {
  progress: Record<string, ProgressEvent>;
  dialog: 'open' | 'remote' | 'fetch' | null;
  tab: Tab;
  onProgress: (event: ProgressEvent) => void;
  setDialog: (dialog: ScreenSlice['dialog']) => void;
  setTab: (tab: Tab) => void;
}

export type Store = ListingSlice & SelectionSlice & TableViewSlice & IntakeSlice & ScreenSlice;

/** A slice of the one store: it sets and reads the whole, and makes its own part. */
export type Slice<T> = StateCreator<Store, [], [], T>;
