import { normalize, sep } from 'node:path';
import type { ListedSegment, Location } from '../model/results.js';
import type { SegmentStatus } from '../model/segment-status.js';
import type { FileFormat } from '../model/file-format.js';
import { byRange, sortOrder, startKeys } from './sort-order.js';

/**
 * When a segment was created: ms since the epoch, a text for a time no Date holds (a seed key's
 * seconds past year 275760, printed as they are), or null where nothing recorded it.
 */
export type CreatedAt = number | string | null;

/** What probing one file found: a listed segment's fields, before they go into columns. */
export interface SegmentRow {
  file: string;
  format: FileFormat;
  status: SegmentStatus;
  startFrameNo: bigint;
  endFrameNo: bigint;
  size: number;
  createdAt: CreatedAt;
  /** The bottomless generation the row belongs to (frames restart in each). */
  generation?: string;
  /** A SQLite WAL file's frames after its last commit, which SQLite ignores (the range ends before them). */
  uncommittedFrames?: number;
}

/**
 * What joins a folder to the plain names readdir gives: `join` normalizes the whole path each
 * time, a measurable part of a 100,000-file listing, and the folder needs it only once.
 */
export function folderPrefix(dir: string): string {
  // A bucket's rows are named by its URL (`s3://bucket/key`), which normalizing would spoil.
  if (/^[a-z][a-z0-9]*:\/\//.test(dir)) return dir.endsWith('/') ? dir : `${dir}/`;
  const normal = normalize(dir);
  return normal.endsWith(sep) ? normal : normal + sep;
}

/** The few distinct values of a column (formats, statuses), each stored as its index. */
class Codes<T extends string> {
  private readonly values: T[] = [];

  code(value: T): number {
    const found = this.values.indexOf(value);
    return found >= 0 ? found : this.values.push(value) - 1;
  }

  value(code: number): T {
    return this.values[code] as T;
  }
}

export interface Columns {
  files: string[];
  formats: Uint8Array;
  statuses: Uint8Array;
  starts: BigUint64Array;
  ends: BigUint64Array;
  sizes: Float64Array;
  /** ms since the epoch, NaN where `texts` or nothing holds the time. */
  created: Float64Array;
  texts: Map<number, string>;
  /** Rows of a layout whose frames restart per generation: the generation, by row. */
  generations: Map<number, string>;
  /** A WAL file's uncommitted tail, by row: the few rows that have one. */
  tails: Map<number, number>;
}

const UNUSABLE: ReadonlySet<SegmentStatus> = new Set(['not_a_segment', 'unreadable']);

/**
 * One local folder's listed segments held in columns: a listing of 100,000 segments is a few
 * typed arrays and the names readdir gave, not 100,000 objects with their bigints, strings and
 * paths (which made a `list --json` of that size peak near 200 MB). A row becomes a
 * `ListedSegment` only when it is read, and is garbage once written out.
 */
export class SegmentRows implements Iterable<ListedSegment> {
  private readonly prefix: string;

  /** Made by SegmentRowsBuilder, or by sorting. */
  constructor(
    readonly dir: string,
    private readonly columns: Columns,
    private readonly formatCodes: Codes<FileFormat>,
    private readonly statusCodes: Codes<SegmentStatus>,
    private readonly location: Location,
  ) {
    this.prefix = folderPrefix(dir);
  }

  /** A folder that is not there lists nothing. */
  static none(): SegmentRows {
    return new SegmentRowsBuilder('', 0).finish();
  }

  get length(): number {
    return this.columns.files.length;
  }

  startFrameNo(i: number): bigint {
    return this.columns.starts[i] as bigint;
  }

  endFrameNo(i: number): bigint {
    return this.columns.ends[i] as bigint;
  }

  /**
   * Whether the row can take part in the chain of frame ranges (not junk that merely carries a
   * segment's name). A SQLite WAL file cannot: its frames are numbered apart from any log's. A
   * bottomless snapshot holds pages, no frame: the point its generation's frames start after. Nor
   * can a piece whose header disagrees with its name: the header was written with its frames,
   * while a copy or a rename changes the name alone (its range is the name's, which nothing proves).
   */
  usable(i: number): boolean {
    const format = this.formatCodes.value(this.columns.formats[i] as number);
    return (
      format !== 'unknown' &&
      format !== 'sqlite-wal' &&
      format !== 'bottomless-snapshot' &&
      !UNUSABLE.has(this.statusCodes.value(this.columns.statuses[i] as number)) &&
      !this.misnamed(i)
    );
  }

  /** Whether the row is a piece (segment, snapshot) whose header disagrees with its name (see `usable`). */
  misnamed(i: number): boolean {
    return this.statusCodes.value(this.columns.statuses[i] as number) === 'header_mismatch';
  }

  at(i: number): ListedSegment {
    const c = this.columns;
    const file = c.files[i] as string;
    const ms = c.created[i] as number;
    return {
      file,
      path: this.prefix + file,
      format: this.formatCodes.value(c.formats[i] as number),
      startFrameNo: c.starts[i] as bigint,
      endFrameNo: c.ends[i] as bigint,
      createdAt: Number.isNaN(ms) ? (c.texts.get(i) ?? null) : new Date(ms).toISOString(),
      size: BigInt(c.sizes[i] as number),
      location: this.location,
      status: this.statusCodes.value(c.statuses[i] as number),
      ...(c.generations.has(i) ? { generation: c.generations.get(i) } : {}),
      ...(c.tails.has(i) ? { uncommittedFrames: c.tails.get(i) } : {}),
    };
  }

  /** The generations the rows belong to, in row order; empty where frames do not restart. */
  generationIds(): string[] {
    return [...new Set(this.columns.generations.values())];
  }

  /** The generation of row i, if any. */
  generation(i: number): string | undefined {
    return this.columns.generations.get(i);
  }

  /** The first `n` rows (fewer where there are fewer), as listed segments. */
  first(n: number): ListedSegment[] {
    return Array.from({ length: Math.min(n, this.length) }, (_, i) => this.at(i));
  }

  *[Symbol.iterator](): Iterator<ListedSegment> {
    for (let i = 0; i < this.length; i++) yield this.at(i);
  }

  /** The usable rows' ranges in row order, named by file, for gaps, overlaps and the newest frame. */
  *usableRanges(generation?: string): Iterable<{ startFrameNo: bigint; endFrameNo: bigint; file: string }> {
    for (let i = 0; i < this.length; i++)
      if (this.usable(i) && (generation === undefined || this.columns.generations.get(i) === generation))
        yield {
          startFrameNo: this.startFrameNo(i),
          endFrameNo: this.endFrameNo(i),
          file: this.columns.files[i] as string,
        };
  }

  /** The rows by start frame, then end frame, then name; this very object when already in that order. */
  sortedByRange(): SegmentRows {
    const n = this.length;
    const c = this.columns;
    const range = byRange(c.starts, c.ends, (i) => c.files[i] as string);
    // Generations first (newest last: their ids sort newest first), then frames within each.
    const gen = c.generations;
    const compare =
      gen.size === 0
        ? range
        : (a: number, b: number) => {
            const ga = gen.get(a) ?? '';
            const gb = gen.get(b) ?? '';
            return ga !== gb ? (ga > gb ? -1 : 1) : range(a, b);
          };
    let ordered = true;
    for (let i = 1; i < n && ordered; i++) ordered = compare(i - 1, i) <= 0;
    if (ordered) return this;
    // Compared as doubles first: a comparison that reads no bigint out of a typed array allocates nothing.
    const order = sortOrder(gen.size === 0 ? startKeys(c.starts) : generationKeys(c.starts, gen), compare);
    const moved = <V>(byRow: Map<number, V>): Map<number, V> => {
      const out = new Map<number, V>();
      for (const [to, from] of order.entries()) {
        const value = byRow.get(from);
        if (value !== undefined) out.set(to, value);
      }
      return out;
    };
    const pick = <A extends Uint8Array | BigUint64Array | Float64Array>(column: A, make: (length: number) => A): A => {
      const out = make(n);
      for (const [to, from] of order.entries()) out[to] = column[from] as never;
      return out;
    };
    const sorted: Columns = {
      files: Array.from(order, (i) => c.files[i] as string),
      formats: pick(c.formats, (k) => new Uint8Array(k)),
      statuses: pick(c.statuses, (k) => new Uint8Array(k)),
      starts: pick(c.starts, (k) => new BigUint64Array(k)),
      ends: pick(c.ends, (k) => new BigUint64Array(k)),
      sizes: pick(c.sizes, (k) => new Float64Array(k)),
      created: pick(c.created, (k) => new Float64Array(k)),
      texts: moved(c.texts),
      generations: moved(gen),
      tails: moved(c.tails),
    };
    return new SegmentRows(this.dir, sorted, this.formatCodes, this.statusCodes, this.location);
  }
}

/** Sort keys that put each generation's rows together, oldest generation first (frames are u32 there). */
function generationKeys(starts: BigUint64Array, generations: Map<number, string>): Float64Array {
  const ids = [...new Set(generations.values())].sort().reverse();
  const rank = new Map(ids.map((id, i) => [id, i]));
  const keys = startKeys(starts);
  for (let i = 0; i < keys.length; i++)
    keys[i] = (rank.get(generations.get(i) ?? '') ?? ids.length) * 2 ** 33 + (keys[i] as number);
  return keys;
}

/** Fills the columns of one folder's listing, row by row, up to the number of names it had. */
export class SegmentRowsBuilder {
  private readonly columns: Columns;
  private readonly formats = new Codes<FileFormat>();
  private readonly statuses = new Codes<SegmentStatus>();
  private count = 0;

  /** `location`: where every row lies, 'remote' for a bucket read where it is. */
  constructor(
    private readonly dir: string,
    capacity: number,
    private readonly location: Location = 'local',
  ) {
    this.columns = {
      files: [],
      formats: new Uint8Array(capacity),
      statuses: new Uint8Array(capacity),
      starts: new BigUint64Array(capacity),
      ends: new BigUint64Array(capacity),
      sizes: new Float64Array(capacity),
      created: new Float64Array(capacity),
      texts: new Map(),
      generations: new Map(),
      tails: new Map(),
    };
  }

  add(row: SegmentRow): void {
    const i = this.count++;
    const c = this.columns;
    c.files.push(row.file);
    c.formats[i] = this.formats.code(row.format);
    c.statuses[i] = this.statuses.code(row.status);
    c.starts[i] = row.startFrameNo;
    c.ends[i] = row.endFrameNo;
    c.sizes[i] = row.size;
    c.created[i] = typeof row.createdAt === 'number' ? row.createdAt : Number.NaN;
    if (typeof row.createdAt === 'string') c.texts.set(i, row.createdAt);
    if (row.generation !== undefined) c.generations.set(i, row.generation);
    if (row.uncommittedFrames !== undefined) c.tails.set(i, row.uncommittedFrames);
  }

  get length(): number {
    return this.count;
  }

  /** The rows added so far; more may still be added (the first rows of a listing under way). */
  finish(): SegmentRows {
    const c = this.columns;
    const n = this.count;
    const columns: Columns = {
      files: c.files,
      formats: c.formats.subarray(0, n),
      statuses: c.statuses.subarray(0, n),
      starts: c.starts.subarray(0, n),
      ends: c.ends.subarray(0, n),
      sizes: c.sizes.subarray(0, n),
      created: c.created.subarray(0, n),
      texts: c.texts,
      generations: c.generations,
      tails: c.tails,
    };
    return new SegmentRows(this.dir, columns, this.formats, this.statuses, this.location);
  }
}
