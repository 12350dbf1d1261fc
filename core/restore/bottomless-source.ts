import type { PointsResult, RestorePoint } from '../model/results.js';
import { isoFromMs } from '../format/segment-scan.js';
import type { GenerationsAccess } from '../layouts/layout.js';
import { walkChain } from '../layouts/bottomless-chain.js';
import { walkGenerationWal } from '../layouts/bottomless-wal.js';
import { restoreBottomless } from './bottomless-restore.js';
import type { GenerationRestorer } from './restore-contract.js';

/**
 * Every commit of every generation, oldest generation first, each with the second its batch was
 * flushed (the finest time the bucket records) and its generation. A generation's points end at
 * its first gap or broken checksum: nothing after it can be restored; a generation whose `.dep`
 * chain reaches no snapshot or first generation (a cycle, a parent not there) has none.
 */
async function bottomlessPoints(layout: GenerationsAccess, namespace: string): Promise<PointsResult> {
  const backup = await layout.backup(namespace);
  const byId = new Map(backup.generations.map((g) => [g.id, g]));
  const points: RestorePoint[] = [];
  for (const g of [...backup.generations].reverse()) {
    if ('broken' in walkChain(byId, g)) continue;
    await walkGenerationWal(layout.bucket, g, {
      untilSecs: null,
      onFrame: (frame, batch) => {
        if (frame.sizeAfter === 0) return;
        points.push({
          frameNo: BigInt(frame.frameNo),
          time: isoFromMs(BigInt(batch.timestampSecs) * 1000n),
          segment: batch.key,
          generation: g.id,
        });
      },
    });
  }
  return { points };
}

/** A bottomless namespace restores and lists its points itself: its frames restart per generation. */
export function bottomlessRestorer(layout: GenerationsAccess, namespace: string): GenerationRestorer {
  return {
    restore: async (options) => restoreBottomless(layout.bucket, await layout.backup(namespace), options),
    points: () => bottomlessPoints(layout, namespace),
  };
}
