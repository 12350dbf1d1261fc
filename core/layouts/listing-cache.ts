import { type FileMark, sameMark, statMark } from '../storage/file-mark.js';
import { markUnchanged } from '../storage/mark-slots.js';
import { statMarks } from '../storage/stat-marks.js';

/**
 * A change this close to the moment it was looked at may share its timestamp with a later one
 * (filesystem clocks tick in milliseconds or coarser), so such a mark is never trusted.
 */
const RACY_MS = 100;

interface Kept<T> {
  mark: FileMark;
  value: T;
}

/** A kept file also has its place in the table of stats each listing takes, and the last listing that saw it. */
interface KeptFile extends Kept<unknown> {
  slot: number;
  listing: number;
}

/** What is kept of one folder: its files by name, their paths by slot, and what the last listing of them made. */
interface FolderKept {
  files: Map<string, KeptFile>;
  /** The kept files' paths, each at its file's slot; null once the files kept have changed. */
  paths: string[] | null;
  /** `complete`: that listing kept every file it listed, so an unchanged folder needs nothing read. */
  last: { names: readonly string[]; listing: unknown; complete: boolean } | null;
}

/**
 * What the last listing of a local layout read, so that the next one (Reload in the app) reads
 * again only what changed: a folder whose stat is unchanged keeps its names, a file whose stat is
 * unchanged keeps what its header said. Stats are always taken again; contents only on a change.
 */
export class ListingCache {
  private readonly folders = new Map<string, Kept<unknown>>();
  private readonly files = new Map<string, FolderKept>();
  private listings = 0;
  /** Per folder, the end of the listing in progress, which the next one waits for. */
  private readonly busy = new Map<string, Promise<void>>();

  /** What `read` made of a folder's entries, again while the folder's stat is unchanged. */
  async folder<T>(dir: string, read: () => Promise<T>): Promise<T> {
    const seenAt = Date.now();
    const mark = statMark(dir);
    const kept = this.folders.get(dir);
    if (mark && kept && sameMark(mark, kept.mark)) return kept.value as T;
    const value = await read();
    if (mark && trusted(mark, seenAt)) this.folders.set(dir, { mark, value });
    else this.folders.delete(dir);
    return value;
  }

  /**
   * One listing of a folder's files through `list`; what it keeps replaces what the last one
   * kept. The files kept last time are stat'ed first, all at once (`prefix` joins the folder to
   * their names). Listings of one folder take turns: each updates what is kept in place.
   */
  async withFiles<T>(dir: string, prefix: string, list: (files: FolderFiles) => Promise<T>): Promise<T> {
    const before = this.busy.get(dir) ?? Promise.resolve();
    const turn = before.then(async () => {
      let kept = this.files.get(dir);
      if (!kept) this.files.set(dir, (kept = { files: new Map(), paths: null, last: null }));
      if (!kept.paths) {
        const paths: string[] = (kept.paths = []);
        for (const [name, file] of kept.files) file.slot = paths.push(prefix + name) - 1;
      }
      const { marks } = await statMarks(kept.paths);
      const files = new FolderFiles(kept, marks, ++this.listings);
      const result = await list(files);
      files.finish();
      return result;
    });
    const settled = turn.then(
      () => undefined,
      () => undefined,
    );
    this.busy.set(dir, settled);
    void settled.then(() => {
      if (this.busy.get(dir) === settled) this.busy.delete(dir);
    });
    return turn;
  }
}

/**
 * The files of one folder during one listing. The kept files are updated in place (a Map of
 * 100,000 rebuilt at every Reload was a fifth of its time): each one this listing confirms or
 * reads carries its number, and `finish` forgets the others.
 */
export class FolderFiles {
  constructor(
    private readonly kept: FolderKept,
    /** Each kept file's stat as this listing began, at its slot. */
    private readonly marks: Float64Array,
    private readonly listing: number,
  ) {}

  /** What the file said the last time, if its stat is unchanged since; undefined when it must be read. */
  get<T>(name: string): T | undefined {
    const file = this.kept.files.get(name);
    if (!file || !markUnchanged(this.marks, file.slot, file.mark)) return undefined;
    file.listing = this.listing;
    return file.value as T;
  }

  /**
   * Keeps what a file said, with the mark taken as it was read (at `seenAt`), if that mark can be
   * trusted; says whether it was kept.
   */
  keep(name: string, mark: FileMark, seenAt: number, value: unknown): boolean {
    if (!trusted(mark, seenAt)) return false;
    this.kept.files.set(name, { mark, value, slot: -1, listing: this.listing });
    this.kept.paths = null;
    return true;
  }

  /**
   * What the last listing made of these very names (the folder's own stat unchanged, so the same
   * array) when it kept every file it listed and every one of them is unchanged since: this
   * listing would make the same. Reload of a folder nothing was written to.
   */
  unchangedListing<T>(names: readonly string[]): T | undefined {
    const last = this.kept.last;
    if (last?.names !== names || !last.complete) return undefined;
    for (const file of this.kept.files.values()) if (!markUnchanged(this.marks, file.slot, file.mark)) return undefined;
    for (const file of this.kept.files.values()) file.listing = this.listing;
    return last.listing as T;
  }

  /** What this listing made of the folder's names, for the next one; `complete`: every file it listed was kept. */
  keepListing(names: readonly string[], listing: unknown, complete: boolean): void {
    this.kept.last = { names, listing, complete };
  }

  /** Files this listing did not confirm or read are forgotten (`withFiles` calls this at the end). */
  finish(): void {
    for (const [name, file] of this.kept.files) {
      if (file.listing === this.listing) continue;
      this.kept.files.delete(name);
      this.kept.paths = null;
    }
  }
}

function trusted(mark: FileMark, seenAt: number): boolean {
  return seenAt - Math.max(mark.mtimeMs, mark.ctimeMs) > RACY_MS;
}
