import { type FileMark, sameMark, statMark } from '../storage/local-file.js';

/**
 * A change this close to the moment it was looked at may share its timestamp with a later one
 * (filesystem clocks tick in milliseconds or coarser), so such a mark is never trusted.
 */
const RACY_MS = 100;

interface Kept<T> {
  mark: FileMark;
  value: T;
}

/**
 * What the last listing of a local layout read, so that the next one (Reload in the app) reads
 * again only what changed: a folder whose stat is unchanged keeps its names, a file whose stat is
 * unchanged keeps what its header said. Stats are always taken again; contents only on a change.
 */
export class ListingCache {
  private readonly folders = new Map<string, Kept<unknown>>();
  private readonly files = new Map<string, Map<string, Kept<unknown>>>();

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

  /** One listing of a folder's files; what it keeps replaces what the last one kept. */
  filesOf(dir: string): FolderFiles {
    return new FolderFiles(this.files.get(dir) ?? new Map(), (next) => this.files.set(dir, next));
  }
}

/** The files of one folder during one listing: what the last listing kept, and what this one keeps. */
export class FolderFiles {
  private readonly next = new Map<string, Kept<unknown>>();

  constructor(
    private readonly last: ReadonlyMap<string, Kept<unknown>>,
    private readonly store: (next: Map<string, Kept<unknown>>) => void,
  ) {}

  /** What the file said the last time, if its stat is unchanged since; undefined when it must be read. */
  get<T>(name: string, path: string): T | undefined {
    const kept = this.last.get(name);
    if (!kept) return undefined;
    const mark = statMark(path);
    if (!mark || !sameMark(mark, kept.mark)) return undefined;
    this.next.set(name, kept);
    return kept.value as T;
  }

  /** Keeps what a file said, with the mark taken as it was read (at `seenAt`). */
  keep(name: string, mark: FileMark, seenAt: number, value: unknown): void {
    if (trusted(mark, seenAt)) this.next.set(name, { mark, value });
  }

  /** Files not seen in this listing are forgotten. */
  finish(): void {
    this.store(this.next);
  }
}

function trusted(mark: FileMark, seenAt: number): boolean {
  return seenAt - Math.max(mark.mtimeMs, mark.ctimeMs) > RACY_MS;
}
