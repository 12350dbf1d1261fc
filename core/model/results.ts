import type { ErrorCode } from '../errors.js';
import type { LogMismatch } from './log-mismatch.js';
import type { Problem } from './problem.js';
import type { ChecksumStatus, FileFormat, FrameInfo, HeaderFields } from './file-format.js';
import type { SegmentStatus } from './segment-status.js';

/**
 * The result shapes of the API and of `segscope … --json`. Inside the process u64
 * values are bigint; the CLI prints them as JSON integers with every digit, the HTTP transport
 * tags them so they survive the trip.
 */

/** The folder layouts Segscope opens: the one list every other place derives from. */
export const LAYOUT_NAMES = ['seed', 'sqld', 'compactor', 'loose', 'bottomless'] as const;
export type LayoutName = (typeof LAYOUT_NAMES)[number];

export type Location = 'local' | 'remote' | 'both';

export interface ListedSegment {
  file: string;
  path: string;
  format: FileFormat;
  startFrameNo: bigint;
  endFrameNo: bigint;
  /** ISO-8601: the key's creation time, or when the segment was sealed or compacted; null where unrecorded. */
  createdAt: string | null;
  size: bigint;
  location: Location;
  status: SegmentStatus;
  /** A bottomless batch's generation: frame numbers restart at 1 in each. */
  generation?: string;
  /**
   * A SQLite WAL file's (`data-wal`) whole frames after its last commit: uncommitted or stale, SQLite
   * ignores them, so the row's range ends at the last commit. Absent where there are none.
   */
  uncommittedFrames?: number;
}

/**
 * Which of sqld's modes keeps a database file `data`: the default mode's is SQLite's own file, its
 * state at SQLite's last checkpoint with no footer (docs/formats/sqld-default.md); libsql-wal's ends
 * with a footer naming the newest frame checkpointed into it (docs/formats/libsql-wal.md).
 */
export type DatabaseFileKind = Extract<NamespaceKind, 'default-mode' | 'libsql-wal'>;

/** A sqld namespace's database file `dbs/<ns>/data`. */
export interface DatabaseFileInfo {
  path: string;
  size: bigint;
  pages: bigint;
  kind: DatabaseFileKind;
  /** The newest frame checkpointed into it; null for a file without libsql-wal's footer (the default mode's). */
  replicationIndex: bigint | null;
  logId: string | null;
}

/**
 * What writes a namespace, as its layout tells it without reading it: sqld's default mode (a
 * replication log beside SQLite's WAL), libsql-wal segments, bottomless generations, or the seed's
 * segment store.
 */
export const NAMESPACE_KINDS = ['default-mode', 'libsql-wal', 'bottomless', 'seed'] as const;
export type NamespaceKind = (typeof NAMESPACE_KINDS)[number];

export interface NamespaceInfo {
  name: string;
  /** Layout and name (model/namespace-id.ts): what every call accepts where a bare name is ambiguous. */
  id: string;
  /** Absent where the layout cannot tell without reading every file (a folder of loose segments). */
  kind?: NamespaceKind;
  segments: number;
  maxFrameNo: bigint | null;
  location: Location;
  /** Where a bucket holds several layouts: the one this namespace is in (and its cluster). */
  layout?: string;
  /** sqld's configuration of the namespace, from its metastore (a signing key shows as "(set)"). */
  config?: Record<string, string | number | boolean>;
  /** Why its folder could not be listed (then `segments` is 0 and `maxFrameNo` null): the others still are. */
  error?: { code: ErrorCode; message: string };
}

export interface NamespacesResult {
  layout: LayoutName;
  namespaces: NamespaceInfo[];
  /** Entries where a namespace folder should be that are not one. */
  unrecognized: UnrecognizedFile[];
  /** What else the data directory says about itself (its sqld version, an old layout, a migration left over). */
  notes?: string[];
}

export interface RestorePoint {
  frameNo: bigint;
  /** ISO-8601 where the format records a time for it. */
  time: string | null;
  segment: string;
  /** Bottomless: the generation whose frame this is (frames restart in each). */
  generation?: string;
  /**
   * A commit of a default-mode namespace's SQLite WAL file (or 0: its database file alone): SQLite's
   * frame index in `data-wal`, a numbering apart from the log's. `frameNo` is then the log's newest
   * frame, which these points follow; the point is asked for as `wal:N`.
   */
  walFrame?: bigint;
}

/** A piece whose points could not all be read, with the code of its damage. */
export interface DamagedPiece extends UnrecognizedFile {
  /**
   * A log damaged from one transaction on: that transaction's first frame. Its commits before it
   * are listed; absent when none of the piece's points are. A database file not read: the first
   * frame of the segments' gap it held, the points before which stand on the segments alone.
   */
  fromFrameNo?: bigint;
  /** Bottomless: the generation `fromFrameNo` counts in; the generations replayed over it lose their points too. */
  generation?: string;
  /** The same for a damaged `data-wal`, by SQLite's frame index there (the `wal:N` numbering). */
  fromWalFrame?: bigint;
  /** A snapshot whose header disagrees with its name, whose whole range other pieces hold: no point is left out. */
  shadowed?: true;
}

export interface PointsResult {
  points: RestorePoint[];
  /**
   * Pieces whose points could not be read (damaged or unreadable), each with its code: the points
   * they hold (from `fromFrameNo` on, where it is given), and the log's points after them, are not
   * in `points`. Absent when every piece read.
   */
  unreadable?: DamagedPiece[];
  /**
   * The first frames after the database file's that no segment holds, with a segment after them: a
   * restore at a point from them on is refused (CHAIN_GAP; --allow-gaps restores up to them), so no
   * such point is in `points`. Absent where there is none, or where a database file not read held
   * them (`unreadable` names that file, with the gap's first frame).
   */
  gap?: FrameRange;
}

export interface FrameRange {
  fromFrameNo: bigint;
  toFrameNo: bigint;
  /** Bottomless: the generation the frames are in (its numbering restarts at 1). */
  generation?: string;
}

export interface Overlap extends FrameRange {
  a: string;
  b: string;
}

export interface UnrecognizedFile {
  file: string;
  code: ErrorCode;
  message: string;
  /**
   * The frames of the log its header says it holds, where it is a piece of the log under a name its
   * writer never gives (a copy, a rename): a gap at those frames is this file, not lost frames.
   */
  holds?: FrameRange;
}

/** A listing's segments: an array, or any sequence that can say its length (core's compact rows). */
export interface ListedSegments extends Iterable<ListedSegment> {
  readonly length: number;
}

/**
 * The API's `listFirst`: the first rows of the open namespace's listing by frame range, sent
 * while the rest is still being read; the next `list` answers with that same listing, whole.
 */
export interface FirstRows {
  namespace: string;
  namespaceId: string;
  segments: ListedSegment[];
  /** Entries the listing reads in all: about how many rows it will have. */
  candidates: number;
  /** The listing had ended before its first rows were ready: `list` answers at once. */
  complete: boolean;
}

/** `list`'s document; the API always sends its segments as an array. */
export interface ListResult<Segments extends ListedSegments = ListedSegment[]> {
  prefix: string;
  layout: LayoutName;
  namespace: string;
  /** The namespace's id (model/namespace-id.ts), where a workspace listed it. */
  namespaceId?: string;
  /** The newest frame anywhere: on this disk, in the database file, or in the remote. */
  maxFrameNo: bigint | null;
  /** The newest frame on this disk (segments and database file). */
  localMaxFrameNo: bigint | null;
  /** The newest frame the remote holds: the namespace's durable frame. Null without a remote. */
  remoteMaxFrameNo: bigint | null;
  segments: Segments;
  database: DatabaseFileInfo | null;
  unrecognized: UnrecognizedFile[];
  gaps: FrameRange[];
  overlaps: Overlap[];
}

export interface InspectResult {
  file: string;
  format: FileFormat;
  header: HeaderFields | null;
  expectedSize: bigint | null;
  actualSize: bigint;
  nameAgrees: boolean | null;
  checksum: ChecksumStatus;
  problems: Problem[];
  /** What else a reader should know of how the file was read (a database file without libsql-wal's footer). */
  notes?: string[];
  frames?: FrameInfo[];
}

export interface VerifiedSegment {
  file: string;
  ok: boolean;
  problems: Problem[];
  /**
   * A file beside the segments listed only for its warning (a dirty shutdown's `.sentinel`, a file in
   * `tmp/`): nothing in it was verified, so verify's summary does not count it.
   */
  noteOnly?: true;
}

export interface VerifyResult {
  ok: boolean;
  segments: VerifiedSegment[];
}

export interface CompareField {
  field: string;
  a: bigint | number | string | boolean | null;
  b: bigint | number | string | boolean | null;
  same: boolean;
}

export interface CompareResult {
  header: CompareField[];
  pagesOnlyInA: number[];
  pagesOnlyInB: number[];
  pagesChanged: number[];
  pagesSame: number[];
}

export interface StoredFile {
  source: string;
  key: string;
  path: string;
  uploaded: boolean;
  /** True when identical bytes were already stored under that key. */
  unchanged: boolean;
}

export interface RefusedFile {
  source: string;
  code: ErrorCode;
  message: string;
}

export interface StoreResult {
  stored: StoredFile[];
  refused: RefusedFile[];
}

export interface FetchResult {
  source: 'local' | 'remote';
  key: string;
  path: string;
  /** The copy kept in the segments folder (the hard link's other name). */
  cachedPath: string;
  /**
   * The file is a default-mode snapshot whose range covers the frame (the one sqld serves it from)
   * but which no longer holds the frame itself: it keeps only each page's newest frame.
   */
  superseded?: true;
}

/** What a query or diff tells beside its answer: the remote's segments it copied into this disk's cache. */
export interface FetchedSegments {
  /** How many remote-only segments building its points fetched (their rows are cached now); absent: none. */
  fetched?: number;
}

export interface MetaResult {
  maxFrameNo: bigint | null;
}

export interface RestoreResult {
  out: string;
  untilFrameNo: bigint;
  /** Restored from a SQLite WAL file (a default-mode namespace's current state): its frame index. */
  walFrame?: bigint;
  pages: number;
  segmentsApplied: number;
  /** Bottomless: the generation the restore stands in, and with --allow-gaps what it stopped before. */
  generation?: string;
  stoppedBecause?: string;
  /**
   * Pages of the result whose version is a frame no checksum covers (a default-mode snapshot's
   * frame whose predecessor was dropped: UNPROVEN_FRAMES); absent where every frame applied is proven.
   */
  unprovenPages?: number;
  /** The current state of a default-mode namespace disagreeing with its log's newest commit (LOG_MISMATCH). */
  logMismatch?: LogMismatch;
}
