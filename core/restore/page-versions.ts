/**
 * Which frame each page of a restored database came from (pages absent came from the base
 * database file). Frame numbers are unique within one history, so two restores of the same
 * history hold the same bytes in a page exactly when its version is the same: that is what lets a
 * diff skip the pages, and the tables, that did not change. Kept as two sorted typed arrays
 * (12 bytes a page) rather than a Map, since a few restored points stay cached at once.
 */
export class PageVersions {
  private constructor(
    private readonly pageNos: Uint32Array,
    private readonly frameNos: BigUint64Array,
  ) {}

  static of(versions: ReadonlyMap<number, bigint>): PageVersions {
    const pageNos = Uint32Array.from(versions.keys()).sort();
    const frameNos = new BigUint64Array(pageNos.length);
    pageNos.forEach((pageNo, i) => {
      frameNos[i] = versions.get(pageNo) ?? 0n;
    });
    return new PageVersions(pageNos, frameNos);
  }

  /**
   * Pages whose bytes may differ between this restore (`pages` long) and another of the same
   * history: a different version, or a page past the end of either. A superset of the pages that
   * differ, never less.
   */
  differing(pages: number, other: PageVersions, otherPages: number): Set<number> {
    const shorter = Math.min(pages, otherPages);
    const out = new Set<number>();
    for (let p = shorter + 1; p <= Math.max(pages, otherPages); p++) out.add(p);
    const [a, b] = [this.pageNos, other.pageNos];
    let i = 0;
    let j = 0;
    while (i < a.length || j < b.length) {
      const pa = i < a.length ? (a[i] as number) : Infinity;
      const pb = j < b.length ? (b[j] as number) : Infinity;
      if (pa === pb) {
        if (this.frameNos[i] !== other.frameNos[j] && pa <= shorter) out.add(pa);
        i++;
        j++;
      } else if (pa < pb) {
        if (pa <= shorter) out.add(pa);
        i++;
      } else {
        if (pb <= shorter) out.add(pb);
        j++;
      }
    }
    return out;
  }
}
