import { SegscopeError } from '../errors.js';
import type {
  DatabaseFileInfo,
  LayoutName,
  ListedSegment,
  Location,
  NamespaceKind,
  UnrecognizedFile,
} from '../model/results.js';
import type { GenerationsBucket, NamespaceBackup } from './bottomless-generations.js';
import type { SegmentRows } from './segment-rows.js';

/** One namespace as a layout sees it on disk. */
export interface NamespaceListing {
  segments: SegmentRows;
  unrecognized: UnrecognizedFile[];
  /** The namespace's database file (a sqld data directory); null elsewhere. */
  database: DatabaseFileInfo | null;
  /**
   * A sqld namespace's database file that is there but not read, or missing where its WAL file
   * needs it: its entry, which `unrecognized` holds too. Nothing stands on its pages.
   */
  databaseUnread?: UnrecognizedFile;
  /** Legitimate states worth a word (a dirty shutdown's `.sentinel`, files in `tmp/`): warnings, not damage. */
  warnings?: UnrecognizedFile[];
  /**
   * A namespace of sqld's default mode: its segments are pieces of a replication log whose frames
   * are numbered from 0, and its SQLite WAL file (`walFile`, listed among the segments but
   * numbered apart, from 1 after each checkpoint) is a second history on top of the database file.
   * `checkpointMark`: what a checkpoint changes, as it stood before the listing read anything
   * (sqld-checkpoint-mark.ts), against which a read of that history finds whether one ran under it.
   */
  replicationLog?: { walFile: ListedSegment | null; checkpointMark: string };
  /** Index files kept beside the segments (the wal-toolkit's `{key}.idx`): no segments, but verify checks them. */
  indexes?: { file: string; path: string }[];
}

/**
 * Wants a listing's first rows (by frame range) as soon as they are read, before the rest: the
 * app shows them while a folder of 100,000 segments is still being read. A layout delivers them
 * early where the names tell the rows' order; otherwise nothing comes before the whole listing.
 */
export interface FirstRowsWatch {
  readonly rows: number;
  /** `candidates`: how many entries the listing reads in all (about the rows it will have). */
  deliver(rows: ListedSegment[], candidates: number): void;
}

/**
 * What a tree of files means: every layout answers the same questions, so
 * nothing above it knows which one it reads. Segments are found by listing; the segment holding
 * a frame, its file and its restore points follow from the listing.
 */
export interface Layout {
  readonly name: LayoutName;
  /** The folder the layout was opened at (the sqld root for a namespace or data-wal folder). */
  readonly root: string;
  /** Whether Segscope may store segments into it (a sqld data directory belongs to sqld). */
  readonly writable: boolean;
  /** The namespace to use when none is given; for a path to one namespace, that one. */
  readonly defaultNamespace: string;
  namespaceNames(): Promise<{ names: string[]; unrecognized: UnrecognizedFile[] }>;
  /**
   * What writes the namespace, from the layout alone (a few stats of the namespace folder at most);
   * null where only its files could say.
   */
  namespaceKind(namespace: string): Promise<NamespaceKind | null>;
  list(namespace: string, first?: FirstRowsWatch): Promise<NamespaceListing>;
  /** Where a file the listing named lives (the name is checked to stay inside the layout). */
  filePath(namespace: string, file: string): string;
  /** Where its namespaces and rows lie: 'remote' for a bucket read where it is; absent, this disk. */
  readonly location?: Location;
  /** Where frames restart per generation (bottomless): the generations behind the listing. */
  readonly generations?: GenerationsAccess;
  /** A data directory's own description: per-namespace configurations and notes (sqld's). */
  describe?(): Promise<{ configs: Map<string, Record<string, string | number | boolean>>; notes: string[] }>;
  /** Ends what the layout holds open (a bucket's connections). */
  close?(): Promise<void>;
}

export interface GenerationsAccess {
  readonly bucket: GenerationsBucket;
  /** Whether the objects are files on this machine (a folder or a `file://` bucket), not only in S3. */
  readonly local: boolean;
  backup(namespace: string): Promise<NamespaceBackup>;
}

/** A name from outside (IPC, HTTP) must never climb out of the folder it is joined to. */
export function safeFileName(file: string): string {
  if (file === '' || file === '.' || file === '..' || /[/\\\0]/.test(file)) {
    throw new SegscopeError('UNSAFE_PATH', `"${file}" is not a plain file name; refused`);
  }
  return file;
}
