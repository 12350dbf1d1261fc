import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type GeneratedSegment, type WorkloadOptions, generateWorkload } from '../../core/workload/generate.js';

/** Runs a real SQLite workload and writes its segments under `<prefix>/segments`. */
export async function workloadDir(
  prefix: string,
  options: Partial<Omit<WorkloadOptions, 'onSegment'>> = {},
): Promise<GeneratedSegment[]> {
  const dir = join(prefix, 'segments');
  await mkdir(dir, { recursive: true });
  const segments: GeneratedSegment[] = [];
  await generateWorkload({
    transactions: 30,
    rowsPerTransaction: 6,
    framesPerSegment: 16,
    transactionsPerSegment: 3,
    seed: 1,
    keepSnapshots: true,
    ...options,
    onSegment: async (segment) => {
      segments.push(segment);
      await writeFile(join(dir, segment.key), segment.bytes);
    },
  });
  return segments;
}
