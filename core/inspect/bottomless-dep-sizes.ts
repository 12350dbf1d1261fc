import type { WalFrame } from '../format/bottomless-batch.js';
import { commitSizeHolds } from '../format/commit-size.js';
import type { Problem } from '../model/problem.js';
import type { Generation } from '../layouts/bottomless-generations.js';
import { walkChain } from '../layouts/bottomless-chain.js';

/** What one generation says of the database's size, read as its snapshot and WAL are verified. */
export interface GenerationSizes {
  /** Pages of the snapshot a restore reads from it; null without one. */
  snapshotPages: number | null;
  /** Its first commit: the size it leaves and the highest page its transaction writes. */
  firstCommit: { frameNo: number; sizeAfter: number; highestWritten: number } | null;
  /** The size its last commit leaves; null with no commit. */
  endPages: number | null;
}

/** Follows a generation's frames, in order, for the sizes its WAL gives. */
export class SizeReader {
  readonly sizes: GenerationSizes = { snapshotPages: null, firstCommit: null, endPages: null };
  private highest = 0;

  frame(frame: WalFrame): void {
    if (this.sizes.firstCommit === null) this.highest = Math.max(this.highest, frame.pageNo);
    if (frame.sizeAfter === 0) return;
    this.sizes.firstCommit ??= { frameNo: frame.frameNo, sizeAfter: frame.sizeAfter, highestWritten: this.highest };
    this.sizes.endPages = frame.sizeAfter;
  }
}

/**
 * A generation with no snapshot of its own continues the state its `.dep` names: the snapshot down
 * its chain and every commit after it. Where that state cannot hold the size its first commit
 * leaves, a restore through it is refused (BAD_SIZE, by the rule a restore applies): the `.dep`
 * names the wrong generation, or the size is damaged. Every later commit stands on the one before
 * it, within the generation. Keyed by the generation whose first commit does not fit.
 */
export function depSizeProblems(
  byId: ReadonlyMap<string, Generation>,
  sizes: ReadonlyMap<string, GenerationSizes>,
): Map<string, Problem> {
  const found = new Map<string, Problem>();
  for (const g of byId.values()) {
    const first = sizes.get(g.id)?.firstCommit;
    const walked = walkChain(byId, g);
    if (!first || 'broken' in walked || walked.chain.length < 2) continue;
    let pages = 0;
    for (const c of walked.chain.slice(0, -1)) {
      const own = sizes.get(c.id);
      pages = own?.endPages ?? (c === walked.chain[0] ? (own?.snapshotPages ?? 0) : pages);
    }
    if (commitSizeHolds(pages, first.highestWritten, first.sizeAfter)) continue;
    found.set(g.id, {
      code: 'BAD_SIZE',
      severity: 'error',
      message:
        `generation ${g.id}'s first commit (frame ${first.frameNo}) leaves the database at ${first.sizeAfter} ` +
        `pages, but the state its .dep names (${g.parent ?? '?'}, ${pages} pages) and its frames hold no page ` +
        `past ${Math.max(pages, first.highestWritten)}: the .dep names the wrong generation, or the size is ` +
        `damaged; no restore stands on it or on the generations replayed over it`,
    });
  }
  return found;
}
