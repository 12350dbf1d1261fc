import { randomUUID } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { SegscopeError } from '../errors.js';
import { type GeneratedSegment, generateWorkload } from './generate.js';
import { seededRandom } from './random.js';
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
}

const NAMESPACES = ['default', 'analytics'];

/**
 * A sqld data directory as libsql-wal leaves it, from a real SQLite workload: two namespaces,
 * each with a database file holding the checkpointed start of its history, sealed segments after
 * it, and a current segment left unsealed (as after a crash).
 */
export async function writeSqldDemo(options: SqldDemoOptions): Promise<SqldDemoResult> {
  const existing = await readdir(options.root).catch(() => []);
  if (existing.length > 0) throw new SegscopeError('DESTINATION_EXISTS', `${options.root} already holds files; give an empty or new directory for the demo`);
  const result: SqldDemoResult = { root: options.root, namespaces: [] };
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
