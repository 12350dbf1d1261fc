import { isSegscopeError } from '../errors.js';
import type { BottomlessCompression } from '../format/bottomless-batch-key.js';
import type { GenerationMeta } from '../format/bottomless-meta.js';
import { ProblemLog } from '../format/problem.js';
import { DATABASE_HEADER_SIZE } from '../format/sqlite-btree.js';
import type { HeaderFields } from '../model/file-format.js';
import { decodeDatabaseHeader } from './sqlite-page.js';

export interface SnapshotInput {
  key: string;
  /** The decompressed bytes, bounded by whoever opened them. */
  bytes: AsyncIterable<Uint8Array>;
  compression: BottomlessCompression;
  compressedBytes: bigint;
  legacyName: boolean;
  meta: GenerationMeta | null;
  /** `.changecounter` beside it, when there is one. */
  changeCounter: number | null;
}

export interface SnapshotInspection {
  header: HeaderFields;
  expectedSize: bigint | null;
  problems: ProblemLog;
}

/**
 * A generation's snapshot: decompressed as it streams, its SQLite header decoded, its size
 * against the pages the header names. Reading stops at the first byte past them, so a snapshot
 * that inflates beyond its own header costs no more than the database it claims to be.
 */
export async function inspectSnapshot(input: SnapshotInput): Promise<SnapshotInspection> {
  const log = new ProblemLog();
  let head = new Uint8Array(0);
  let total = 0;
  let database: Record<string, string | number> | null = null;
  let limit: number | null = null;
  let cut = false;
  try {
    for await (const chunk of input.bytes) {
      if (head.length < DATABASE_HEADER_SIZE) head = Buffer.concat([head, chunk]).subarray(0, DATABASE_HEADER_SIZE);
      total += chunk.length;
      if (database === null && head.length === DATABASE_HEADER_SIZE) {
        database = decodeDatabaseHeader(head);
        if (database === null) break;
        // The header's page count is SQLite's own only while its version-valid-for equals the change counter.
        const vouched = database.versionValidFor === database.fileChangeCounter;
        if (vouched) limit = Number(database.databaseSizePages) * Number(database.pageSize);
      }
      if (limit !== null && total > limit) {
        cut = true;
        break;
      }
    }
  } catch (error) {
    if (!isSegscopeError(error)) throw error;
    log.add(error.code, error.message);
  }
  if (database === null && !log.has('DECOMPRESSION_FAILED') && !log.has('TOO_LARGE')) {
    log.add(
      'NOT_A_DATABASE',
      head.length < DATABASE_HEADER_SIZE
        ? `${input.key} decompresses to ${total} bytes, fewer than a SQLite header`
        : `${input.key} does not decompress to a SQLite database (no "SQLite format 3" header)`,
    );
  }
  if (cut)
    log.add(
      'BAD_SIZE',
      `${input.key} decompresses past the ${limit ?? 0} bytes of pages its header names; read no further`,
    );
  else if (limit !== null && total < limit && !log.has('DECOMPRESSION_FAILED'))
    log.add('TRUNCATED_SEGMENT', `${input.key} holds ${total} bytes where its header names ${limit}`);
  if (database && input.meta && database.pageSize !== input.meta.pageSize)
    log.add('BAD_PAGE_SIZE', `pages of ${database.pageSize} bytes where .meta beside it says ${input.meta.pageSize}`);
  if (database && input.changeCounter !== null && input.changeCounter !== database.fileChangeCounter)
    log.warn(
      'HEADER_MISMATCH',
      `.changecounter beside it says ${input.changeCounter}, the snapshot's header ${database.fileChangeCounter}`,
    );
  if (input.legacyName)
    log.warn('NOT_A_SEGMENT', 'db.db is an uncompressed snapshot under its pre-2024 name; read as raw');
  const header: HeaderFields = {
    frameCount: 0n,
    segmentId: null,
    startFrameNo: 0n,
    endFrameNo: 0n,
    compression: input.compression,
    compressedBytes: input.compressedBytes,
    uncompressedBytes: cut ? null : BigInt(total),
    expectedUncompressedBytes: limit === null ? null : BigInt(limit),
    ...(database ?? {}),
  };
  // The object's own size is compared only where it is the database's (raw); the rest is in the header.
  const expectedSize = limit === null || input.compression !== 'raw' ? null : BigInt(limit);
  return { header, expectedSize, problems: log };
}
