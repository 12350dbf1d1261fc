import { randomUUID } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { writeBottomlessBucket } from './bottomless-writer.js';
import { SegscopeError } from '../errors.js';
import { type GeneratedSegment, type LoggedTransaction, generateWorkload } from './generate.js';
import { seededRandom } from './random.js';
import { DEFAULT_NAMESPACE } from '../model/namespace-id.js';
import { writeDefaultNamespace } from './sqld-default-namespace.js';
import { writeSqldNamespace } from './sqld-namespace.js';
import { DATA_WAL, DBS } from '../format/sqld-names.js';

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
  /** The default-mode namespace's workload again, as sqld's bottomless replicator backs it up to a bucket. */
  bucket: { root: string; namespace: string; generations: string[]; commits: number };
}

/** Where the demo's bottomless bucket folder goes: beside the data directory, not inside it. */
export function demoBucketRoot(root: string): string {
  return `${root}-bucket`;
}

/** The default-mode namespace's name: sqld without libsql-wal, beside the libsql-wal ones. */
const DEFAULT_MODE_NAMESPACE = 'classic';

const NAMESPACES = [DEFAULT_NAMESPACE, 'analytics'];

/**
 * A sqld data directory from a real SQLite workload: two namespaces as libsql-wal leaves them,
 * each with a database file holding the checkpointed start of its history, sealed segments after
 * it, and a current segment left unsealed (as after a crash); a namespace of sqld's default mode; and a
 * bottomless backup of that one in the sibling folder `<root>-bucket`.
 */
export async function writeSqldDemo(options: SqldDemoOptions): Promise<SqldDemoResult> {
  for (const dir of [options.root, demoBucketRoot(options.root)]) {
    const existing = await readdir(dir).catch(() => []);
    if (existing.length > 0)
      throw new SegscopeError('DESTINATION_EXISTS', `${dir} already holds files; give a new directory for the demo`);
  }
  const transactions: LoggedTransaction[] = [];
  await generateWorkload({
    transactions: Math.max(16, options.segments),
    rowsPerTransaction: 4,
    framesPerSegment: 1_000_000,
    transactionsPerSegment: 1,
    seed: options.seed + 100,
    onSegment: (segment) => void transactions.push(...segment.transactions),
  });
  const result: SqldDemoResult = {
    root: options.root,
    namespaces: [],
    defaultMode: await writeDefaultModeDemo(options, transactions),
    bucket: await writeBucketDemo(options, transactions),
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
      unsealed: join(DBS, name, DATA_WAL, written.segmentPaths.at(-1)?.split('/').at(-1) ?? ''),
    });
  }
  return result;
}

/**
 * The namespace sqld's default mode leaves, from a real SQLite workload: its log compacted into
 * snapshots every 6 transactions, the newest compacted log still pending, the wallog, and the
 * last 8 transactions in the WAL file on top of the database file.
 */
async function writeDefaultModeDemo(
  options: SqldDemoOptions,
  transactions: LoggedTransaction[],
): Promise<SqldDemoResult['defaultMode']> {
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

/**
 * The same transactions as the default-mode namespace, backed up the way sqld's bottomless
 * replicator does: three generations, each after the first starting from a snapshot, gzip batches
 * (Node 20 has no zstd encoder).
 */
async function writeBucketDemo(
  options: SqldDemoOptions,
  transactions: LoggedTransaction[],
): Promise<SqldDemoResult['bucket']> {
  const root = demoBucketRoot(options.root);
  const third = Math.ceil(transactions.length / 3);
  const written = await writeBottomlessBucket({
    root,
    dbName: `ns-:${DEFAULT_MODE_NAMESPACE}`,
    generations: [transactions.slice(0, third), transactions.slice(third, 2 * third), transactions.slice(2 * third)],
    framesPerBatch: 4,
    compression: 'gz',
    firstCreatedMs: 1_730_000_000_000n,
    snapshotEvery: 1,
  });
  return { root, namespace: DEFAULT_MODE_NAMESPACE, generations: written.generations, commits: written.commits.length };
}
