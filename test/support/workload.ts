import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  type GeneratedSegment,
  type LoggedTransaction,
  type WorkloadOptions,
  generateWorkload,
} from '../../core/workload/generate.js';
import { seededRandom } from '../../core/workload/random.js';
import { type SqldNamespace, writeSqldNamespace } from '../../core/workload/sqld-namespace.js';
import { tempDir } from './segments.js';

type Shape = Partial<Omit<WorkloadOptions, 'onSegment'>>;

/** Runs a real SQLite workload and writes its segments under `<prefix>/segments`. */
export async function workloadDir(prefix: string, options: Shape = {}): Promise<GeneratedSegment[]> {
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

/** A real SQLite workload's segments kept in memory: sqld's shape unless `options` says otherwise. */
export async function workloadSegments(options: Shape): Promise<GeneratedSegment[]> {
  const segments: GeneratedSegment[] = [];
  await generateWorkload({
    transactions: 24,
    rowsPerTransaction: 5,
    framesPerSegment: 14,
    transactionsPerSegment: 4,
    seed: 1,
    keepSnapshots: true,
    ...options,
    onSegment: (s) => void segments.push(s),
  });
  return segments;
}

/** A real SQLite workload's transactions in order, each with SQLite's snapshot after it. */
export async function workloadTransactions(options: Shape): Promise<LoggedTransaction[]> {
  const shape = { rowsPerTransaction: 6, framesPerSegment: 1_000_000, transactionsPerSegment: 1, ...options };
  return (await workloadSegments(shape)).flatMap((s) => s.transactions);
}

/**
 * A sqld data directory in a temporary folder holding `segments` as libsql-wal leaves namespace
 * `default`: the oldest `checkpointed` of them in `data`, the rest as `.seg` files, salts drawn from `seed`.
 */
export async function sqldWorkloadDir(
  segments: readonly GeneratedSegment[],
  seed: number,
  checkpointed: number,
  unsealedLast: boolean,
  /** Where to write it (a test's own temporary folder unless given: outside a test, one must be). */
  root?: string,
): Promise<{ root: string; written: SqldNamespace }> {
  root ??= await tempDir();
  const random = seededRandom(seed);
  const written = await writeSqldNamespace({
    root,
    namespace: 'default',
    segments,
    checkpointed,
    unsealedLast,
    logId: randomUUID(),
    firstSealedAtMs: 1_730_000_000_000n,
    salt: () => Math.floor(random() * 0xffffffff),
  });
  return { root, written };
}
