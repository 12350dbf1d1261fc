import { randomUUID } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { SegscopeError } from '../errors.js';
import { type GeneratedSegment, type LoggedTransaction, generateWorkload } from './generate.js';
import { seededRandom } from './random.js';
import { writeDefaultNamespace } from './sqld-default-namespace.js';
import { writeSqldNamespace } from './sqld-namespace.js';

export interface SqldDemoOptions {
  root: string;
  /** Segments per namespace. */
  segments: number;
  seed: number;
}

export interface SqldDemoResult {
  root: string;
  namespaces: { name: string; segments: number; checkpointedFrameNo: bigint; unsealed: string }[];
  /** The namespace in sqld's default mode: snapshots, a pending log, the wallog and a WAL file. */
  defaultMode: { name: string; snapshots: number; commits: number; newestFrameNo: bigint };
}

/** The default-mode namespace's name: sqld without libsql-wal, beside the libsql-wal ones. */
export const DEFAULT_MODE_NAMESPACE = 'classic';

const NAMESPACES = ['default', 'analytics'];

/**
 * A sqld data directory as libsql-wal leaves it, from a real SQLite workload: two namespaces,
 * each with a database file holding the checkpointed start of its history, sealed segments after
 * it, and a current segment left unsealed (as after a crash).
 */
export async function writeSqldDemo(options: SqldDemoOptions): Promise<SqldDemoResult> {
  const existing = await readdir(options.root).catch(() => []);
  if (existing.length > 0)
    throw new SegscopeError(
      'DESTINATION_EXISTS',
      `${options.root} already holds files; give an empty or new directory for the demo`,
    );
  const result: SqldDemoResult = {
    root: options.root,
    namespaces: [],
    defaultMode: await writeDefaultModeDemo(options),
  };
  for (const [n, name] of NAMESPACES.entries()) {
    const segments: GeneratedSegment[] = [];
    await generateWorkload({
      transactions: options.segments * 3,
      rowsPerTransaction: 4,
      framesPerSegment: 1_000_000,
      transactionsPerSegment: 3,
      seed: options.seed + n,
      onSegment: (segment) => void segments.push(segment),
    });
    const random = seededRandom(options.seed * 31 + n);
    const checkpointed = Math.max(1, Math.floor(segments.length / 4));
    const written = await writeSqldNamespace({
      root: options.root,
      namespace: name,
      segments,
      checkpointed,
      unsealedLast: true,
      logId: randomUUID(),
      firstSealedAtMs: 1_730_000_000_000n + BigInt(n) * 3_600_000n,
      salt: () => Math.floor(random() * 0xffffffff),
    });
    result.namespaces.push({
      name,
      segments: written.segmentPaths.length,
      checkpointedFrameNo: written.replicationIndex,
      unsealed: join('dbs', name, 'data-wal', written.segmentPaths.at(-1)?.split('/').at(-1) ?? ''),
    });
  }
  return result;
}

/**
 * The namespace sqld's default mode leaves, from a real SQLite workload: its log compacted into
 * snapshots every 6 transactions, the newest compacted log still pending, the wallog, and the
 * last 8 transactions in the WAL file on top of the database file.
 */
async function writeDefaultModeDemo(options: SqldDemoOptions): Promise<SqldDemoResult['defaultMode']> {
  const transactions: LoggedTransaction[] = [];
  await generateWorkload({
    transactions: Math.max(16, options.segments),
    rowsPerTransaction: 4,
    framesPerSegment: 1_000_000,
    transactionsPerSegment: 1,
    seed: options.seed + 100,
    onSegment: (segment) => void transactions.push(...segment.transactions),
  });
  const random = seededRandom(options.seed * 37);
  const written = await writeDefaultNamespace({
    root: options.root,
    namespace: DEFAULT_MODE_NAMESPACE,
    transactions,
    logId: randomUUID(),
    transactionsPerLog: 6,
    pendingLast: true,
    inWal: 8,
    salts: [Math.floor(random() * 0xffffffff), Math.floor(random() * 0xffffffff)],
  });
  return {
    name: DEFAULT_MODE_NAMESPACE,
    snapshots: written.snapshots.length,
    commits: written.commitFrameNos.length,
    newestFrameNo: written.commitFrameNos.at(-1) ?? 0n,
  };
}
