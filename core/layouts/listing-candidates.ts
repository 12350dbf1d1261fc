import type { NamedRange } from '../format/segment-name.js';
import type { CreatedAt } from './segment-rows.js';
import { byRange, sortOrder, startKeys } from './sort-order.js';

/** What a layout makes of a name in its folder that may be a segment. */
export interface NamedEntry {
  name: string;
  /**
   * The range the name claims (checked against the header), its end unknown from a sqld name; null
   * for a name that claims none.
   */
  named: Pick<NamedRange, 'startFrameNo' | 'endFrameNo'> | null;
  /** A time the name carries (the seed's key). */
  createdAt?: CreatedAt;
}

const HAS_RANGE = 1;
const END_KNOWN = 2;

/**
 * The files one listing will read, held in columns until they are read: their names, the ranges
 * their names claim (or the range the last listing read), the times their names carry, and what
 * the last listing kept of them. Read in row order, they must all be held at once before the
 * first is read; as 100,000 entry objects that raised a listing's peak memory by 30 MB.
 */
export class ListingCandidates<Kept> {
  private count = 0;
  /** Each candidate's place in the folder's names. */
  private readonly nameAt: Uint32Array;
  /** What the last listing read of each, where its stat says it is unchanged; null without a last listing. */
  private readonly kept: (Kept | undefined)[] | null;
  private readonly starts: BigUint64Array;
  private readonly ends: BigUint64Array;
  private readonly flags: Uint8Array;
  /** ms since the epoch, NaN where `texts` or nothing holds the time. */
  private readonly created: Float64Array;
  private readonly texts = new Map<number, string>();

  /**
   * Arrays grown a push at a time leave their outgrown copies in the old generation, which a
   * listing's short life never collects; these are all allocated once, at the folder's size.
   */
  constructor(
    private readonly names: readonly string[],
    keeps: boolean,
  ) {
    const capacity = names.length;
    this.nameAt = new Uint32Array(capacity);
    this.kept = keeps ? new Array<Kept | undefined>(capacity) : null;
    this.starts = new BigUint64Array(capacity);
    this.ends = new BigUint64Array(capacity);
    this.flags = new Uint8Array(capacity);
    this.created = new Float64Array(capacity);
  }

  get length(): number {
    return this.count;
  }

  /** A file to read, the folder's name number `nameIndex`; its entry comes back from `entry`. */
  add(nameIndex: number, entry: NamedEntry): void {
    const i = this.push(nameIndex, undefined, entry.named);
    const created = entry.createdAt ?? null;
    this.created[i] = typeof created === 'number' ? created : Number.NaN;
    if (typeof created === 'string') this.texts.set(i, created);
  }

  /** A file the last listing read, whose row claims `range`: it is not read again. */
  addKept(nameIndex: number, kept: Kept, range: { startFrameNo: bigint; endFrameNo: bigint }): void {
    this.push(nameIndex, kept, range);
  }

  private push(nameIndex: number, kept: Kept | undefined, range: NamedEntry['named']): number {
    const i = this.count++;
    this.nameAt[i] = nameIndex;
    if (this.kept) this.kept[i] = kept;
    if (range) {
      this.starts[i] = range.startFrameNo;
      this.flags[i] = HAS_RANGE;
      if (range.endFrameNo !== null) {
        this.ends[i] = range.endFrameNo;
        this.flags[i] = HAS_RANGE | END_KNOWN;
      }
    }
    return i;
  }

  keptAt(i: number): Kept | undefined {
    return this.kept?.[i];
  }

  private name(i: number): string {
    return this.names[this.nameAt[i] as number] as string;
  }

  /** Candidate `i` as its layout classified it. */
  entry(i: number): NamedEntry {
    const flags = this.flags[i] as number;
    const named =
      flags & HAS_RANGE
        ? { startFrameNo: this.starts[i] as bigint, endFrameNo: flags & END_KNOWN ? (this.ends[i] as bigint) : null }
        : null;
    const ms = this.created[i] as number;
    const createdAt = Number.isNaN(ms) ? this.texts.get(i) : ms;
    const name = this.name(i);
    return createdAt === undefined ? { name, named } : { name, named, createdAt };
  }

  /**
   * The order in which to read the candidates so that their rows come out as a listing sorts
   * them (by start frame, then end frame, then name; SegmentRows.sortedByRange). Null when that
   * cannot be known before reading: a name that claims no range, or two that claim one start
   * with an end only a header can tell.
   */
  readOrder(): Uint32Array | null {
    const n = this.length;
    for (let i = 0; i < n; i++) if (!((this.flags[i] as number) & HAS_RANGE)) return null;
    let ambiguous = false;
    const exact = byRange(this.starts, this.ends, (i) => this.name(i));
    // Rows whose starts are equal as doubles: compared exactly, and where the starts are the
    // same, their order is known only if both names tell their ends.
    const tie = (a: number, b: number): number => {
      if (this.starts[a] === this.starts[b] && !((this.flags[a] as number) & (this.flags[b] as number) & END_KNOWN))
        ambiguous = true;
      return exact(a, b);
    };
    const order = sortOrder(startKeys(this.starts.subarray(0, n)), tie);
    return ambiguous ? null : order;
  }
}
