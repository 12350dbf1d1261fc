import type { ListedSegment, VerifiedSegment } from '../model/results.js';
import { SegscopeError } from '../errors.js';
import type { Problem } from '../model/problem.js';
import { pageDigests } from './compare.js';
import { gapsAndOverlaps } from '../layouts/timeline.js';

/** The name continuity findings are reported under in `verify`, beside the segments'. */
export const CHAIN_ENTRY = '(chain of segments)';

/**
 * Whether the segments form one history: each starts right after an earlier one ends (or after
 * what the database file holds), and where two overlap (a compaction beside the segments it
 * replaced), the pages both hold at the same frame number are the same bytes. Reports the first
 * broken link of each kind, with a count.
 */
export async function checkChain(sorted: readonly ListedSegment[], base = 0n): Promise<VerifiedSegment> {
  const { gaps, overlaps } = gapsAndOverlaps(sorted, base);
  const problems: Problem[] = [];
  const firstGap = gaps[0];
  if (firstGap) {
    const more = gaps.length > 1 ? ` (and ${gaps.length - 1} more gaps)` : '';
    problems.push({
      code: 'CHAIN_GAP',
      message:
        `the chain breaks first at frames ${firstGap.fromFrameNo}..${firstGap.toFrameNo}, which no ` +
        `segment holds${more}`,
      severity: 'error',
    });
  }
  const byName = new Map(sorted.map((s) => [s.file, s.path]));
  let conflicts = 0;
  for (const overlap of overlaps) {
    const a = byName.get(overlap.a);
    const b = byName.get(overlap.b);
    if (!a || !b) continue;
    let pagesA;
    let pagesB;
    try {
      [pagesA, pagesB] = await Promise.all([pageDigests(a), pageDigests(b)]);
    } catch (error) {
      if (error instanceof SegscopeError) continue; // the segment's own entry already says why it is unreadable
      throw error;
    }
    for (const [pageNo, version] of pagesA) {
      const other = pagesB.get(pageNo);
      if (other && other.frameNo === version.frameNo && other.digest !== version.digest) {
        if (conflicts === 0) {
          problems.push({
            code: 'OVERLAP_CONFLICT',
            message: `${overlap.a} and ${overlap.b} overlap but disagree on page ${pageNo} at frame ${version.frameNo}`,
            severity: 'error',
          });
        }
        conflicts++;
        break;
      }
    }
  }
  if (conflicts > 1) {
    const first = problems.find((p) => p.code === 'OVERLAP_CONFLICT');
    if (first) first.message += ` (and ${conflicts - 1} more overlapping pairs disagree)`;
  }
  return { file: CHAIN_ENTRY, ok: problems.length === 0, problems };
}
