/**
 * The frames of one transaction that raise the highest page it writes, in frame order. Enough to
 * name the highest page and its frame, and the first frame writing a page past a size (the first
 * frame in which a page past the commit's size can lie), without keeping a record of every frame.
 */
export class RisingPages {
  /** The highest page written so far; 0 when none. */
  highest = 0;
  private readonly pages: number[] = [];
  private readonly slots: number[] = [];

  /** The frame at `slot` writes `pageNo`, above every page before it in the transaction. */
  raise(pageNo: number, slot: number): void {
    this.highest = pageNo;
    this.pages.push(pageNo);
    this.slots.push(slot);
  }

  /** The slot of the frame holding the highest page (0 when none). */
  highestSlot(): number {
    return this.slots.at(-1) ?? 0;
  }

  /** The slot of the first frame writing a page past `size`; null when none does. */
  firstPast(size: number): number | null {
    // The pages rise, so the first one past the size is found by halving.
    let low = 0;
    let high = this.pages.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((this.pages[mid] ?? 0) > size) high = mid;
      else low = mid + 1;
    }
    return this.slots[low] ?? null;
  }

  /** A new transaction starts. */
  clear(): void {
    this.highest = 0;
    this.pages.length = 0;
    this.slots.length = 0;
  }
}
