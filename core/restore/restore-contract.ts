import type { DatabaseFileInfo, PointsResult, RestoreResult, UnrecognizedFile } from '../model/results.js';
import type { SegmentFormat } from '../model/file-format.js';
import type { ProgressListener } from '../progress.js';
import type { MisnamedPiece } from '../inspect/log-chain.js';
import type { ErrorCode } from '../errors.js';

/*
 * What a restore reads and what it is asked: the shapes restore.ts, its plan and points, the
 * sources that build them and the bottomless restorer share. Kept apart from the code so that
 * none of those modules imports another only for a type.
 */

/** A segment a restore may apply, wherever it lives. */
export interface SourceSegment {
  file: string;
  format: SegmentFormat | null;
  startFrameNo: bigint;
  endFrameNo: bigint;
  /** False for a segment never sealed, whose commits must be recovered before it is applied. */
  sealed: boolean;
  /** A time known from the listing (the seed key's creation time), ms since the epoch. */
  listedTimeMs: bigint | null;
  /** A local path to read it from (a remote one is fetched into the cache first). */
  open(): Promise<string>;
  /** How a refusal names it where `file` alone would mislead: a remote's object as cached on this disk. */
  describedAs?: string;
}

/**
 * A history whose frames restart in every generation (bottomless) cannot be one run of frames:
 * it restores and lists its points itself, and restore.ts and points.ts hand over to it.
 */
export interface GenerationRestorer {
  restore(options: RestoreOptions): Promise<RestoreResult>;
  points(): Promise<PointsResult>;
}

/** Everything one namespace's history is made of: an optional base database, then segments. */
export interface RestoreSource {
  /** Set where the layout's frames restart per generation. */
  generations?: GenerationRestorer;
  database: DatabaseFileInfo | null;
  /** Frames up to here are in the database file (-1: none, for a history whose frames start at 0). */
  baseFrameNo: bigint;
  segments: SourceSegment[];
  /**
   * Where the namespace's current state comes from when that is a history of its own: a
   * default-mode namespace's database file and SQLite WAL file, whose frame indexes are not the
   * log's frame numbers. A restore with no target uses it.
   */
  current?: RestoreSource;
  /**
   * Its frames are a SQLite WAL file's frame indexes (a default-mode namespace's current state): a
   * point is written `wal:N`, as --until-frame takes it, never as a frame of the log.
   */
  walIndexes?: true;
  /** Why this source cannot be restored at all (a WAL file that is none): restore refuses with it. */
  unusable?: UnrecognizedFile;
  /**
   * The database file the segments stand on, there but not read (a libsql-wal `data` that is not
   * SQLite's with sqld's pages, a FIFO, unreadable): the segments stand alone up to their first
   * gap after frame 0 and no further, since the frames of that gap, and every page not written
   * after it, are what only that file held (libsql-wal deletes a segment once it is checkpointed
   * into it). A point from the gap on is refused with the file's code.
   */
  unreadBase?: UnrecognizedFile;
  /** Pieces whose header disagrees with their name (none in `segments`): named by points, refused by restores. */
  misnamed?: MisnamedPiece[];
  /** Files of the log under a name its writer never gives, whose header says which frames they hold. */
  unnamed?: UnrecognizedFile[];
  /** Files a writer may checkpoint while they are read, with no lock: a default-mode namespace's current state. */
  live?: LiveFiles;
}

/**
 * What tells whether a writer checkpointed under a read: the checkpoint mark taken before the
 * listing the source was built from, and the same mark taken now; equal, no checkpoint ran since.
 */
export interface LiveFiles {
  readonly marked: string;
  mark(): string;
  /** Resolves once no checkpoint is copying: a read started during one would be cut by its end. */
  copied(): Promise<void>;
  /** The source again, from a new listing (with its own mark); undefined once it has no current state. */
  relist(): Promise<RestoreSource | undefined>;
}

export interface RestoreOptions {
  out: string;
  untilFrameNo?: bigint | undefined;
  /** ISO-8601: the newest restore point whose recorded time is at or before it. */
  untilTime?: string | undefined;
  /**
   * A default-mode namespace: the newest commit of its SQLite WAL file at or before this frame index
   * (0: `data` alone).
   */
  untilWalFrame?: bigint | undefined;
  allowGaps: boolean;
  /** Where frames restart per generation (bottomless): the generation to restore (`--generation`). */
  generation?: string | undefined;
  onProgress?: ProgressListener | undefined;
  /** False for a scratch copy that need not survive a crash (time travel's point databases). */
  durable?: boolean;
  /** Aborted: the restore stops reading (CANCELLED) and leaves nothing. */
  signal?: AbortSignal | undefined;
  /** How its refusals say what was left undone: a restore's words unless a query or diff asked for the point. */
  words?: StoppedWords | undefined;
}

/**
 * What a refusal says the stopped work left undone, in the words of the command that asked for the
 * point: a query and a diff build their points with a restore, yet neither writes a file.
 */
export interface StoppedWords {
  /** Said where the work stopped: "restore stopped, nothing was written". */
  stopped: string;
  /** How to ask for an earlier point instead: "restore an earlier point with --until-frame". */
  earlier: string;
}

/** Refusals of what the operator asked, not of the namespace's files: no hint of another history, no new read. */
export const NOT_THE_NAMESPACES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'CANCELLED',
  'DESTINATION_EXISTS',
  'INVALID_ARGUMENT',
  'UNSAFE_PATH',
]);

export const RESTORE_WORDS: StoppedWords = {
  stopped: 'restore stopped, nothing was written',
  earlier: 'restore an earlier point with --until-frame',
};

export function wordsOf(options: Pick<RestoreOptions, 'words'>): StoppedWords {
  return options.words ?? RESTORE_WORDS;
}
