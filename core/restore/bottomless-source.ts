import type { PointsResult, RestorePoint } from '../model/results.js';
import { isoFromMs } from '../format/segment-scan.js';
import type { GenerationsAccess } from '../layouts/layout.js';
import { walkGenerationWal } from '../layouts/bottomless-wal.js';
import { restoreBottomless } from './bottomless-restore.js';
import type { GenerationRestorer } from './restore-contract.js';

/**
 * Every commit of every generation, oldest generation first, each with the second its batch was
 * flushed (the finest time the bucket records) and its generation. A generation's points end at
 * its first gap or broken checksum: nothing after it can be restored.
 */
async function bottomlessPoints(layout: GenerationsAccess, namespace: string): Promise<PointsResult> {
  const backup = await layout.backup(namespace);
  const points: RestorePoint[] = [];
  for (const g of [...backup.generations].reverse()) {
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
