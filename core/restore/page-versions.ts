/**
 * Which frame each page of a restored database came from (pages absent came from the base
 * database file). Frame numbers are unique within one history, so two restores of the same
 * history hold the same bytes in a page exactly when its version is the same: that is what lets a
 * diff skip the pages, and the tables, that did not change. Two sorted typed arrays (12 bytes a
 * page) rather than a Map, since a few restored points stay cached at once, and plain data, so
 * they travel to the query process as they are.
 */
export interface PageVersions {
  pageNos: Uint32Array;
  frameNos: BigUint64Array;
}

const BLOCK_BITS = 16;
const BLOCK = 1 << BLOCK_BITS;

/**
 * Page → frame of the version a restore applied (0: none yet), while it runs: blocks of 65,536
 * pages allocated as pages are touched, 8 bytes a page, where a Map with bigint values costs
 * ten times that (a 1 GiB database has a quarter of a million pages).
 */
export class PageVersionTable {
  private readonly blocks: BigUint64Array[] = [];

  get(pageNo: number): bigint {
    return this.blocks[pageNo >>> BLOCK_BITS]?.[pageNo & (BLOCK - 1)] ?? 0n;
  }

  set(pageNo: number, frameNo: bigint): void {
    const at = pageNo >>> BLOCK_BITS;
    let block = this.blocks[at];
    if (!block) {
      block = new BigUint64Array(BLOCK);
      this.blocks[at] = block;
    }
    block[pageNo & (BLOCK - 1)] = frameNo;
  }

  /** The pages that have a version, in page order: counted first, so only the result is allocated. */
  versions(): PageVersions {
    let count = 0;
    for (const block of this.blocks) if (block) for (const frameNo of block) if (frameNo !== 0n) count++;
    const pageNos = new Uint32Array(count);
    const frameNos = new BigUint64Array(count);
    let at = 0;
    this.blocks.forEach((block, b) => {
      for (let i = 0; i < BLOCK; i++) {
        const frameNo = block[i] ?? 0n;
        if (frameNo === 0n) continue;
        pageNos[at] = b * BLOCK + i;
        frameNos[at] = frameNo;
        at++;
      }
    });
    return { pageNos, frameNos };
  }
}

/**
 * Pages whose bytes may differ between two restores of the same history (`aPages` and `bPages`
 * long): a different version, or a page past the end of either. A superset of the pages that
 * differ, never less.
 */
export function differingPages(a: PageVersions, aPages: number, b: PageVersions, bPages: number): Set<number> {
  const shorter = Math.min(aPages, bPages);
  const out = new Set<number>();
  for (let p = shorter + 1; p <= Math.max(aPages, bPages); p++) out.add(p);
  let i = 0;
  let j = 0;
  while (i < a.pageNos.length || j < b.pageNos.length) {
    const pa = i < a.pageNos.length ? (a.pageNos[i] as number) : Infinity;
    const pb = j < b.pageNos.length ? (b.pageNos[j] as number) : Infinity;
    if (pa === pb) {
      if (a.frameNos[i] !== b.frameNos[j] && pa <= shorter) out.add(pa);
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
