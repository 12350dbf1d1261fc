import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { checkNamespace } from '../layouts/namespace.js';
import { encodeDbFooter } from '../format/db-footer.js';
import { PAGE_SIZE } from '../format/frame.js';
import { encodeSealedSegment } from '../format/sealed-segment.js';
import { sqldSegmentName } from '../format/segment-name.js';
import type { GeneratedSegment, LoggedTransaction } from './generate.js';
import { DATA, DATA_WAL, DBS } from '../format/sqld-names.js';

export interface SqldNamespaceOptions {
  /** The sqld data directory (it will hold `dbs/<namespace>`). */
  root: string;
  namespace: string;
  segments: readonly GeneratedSegment[];
  /** How many of the oldest segments are already checkpointed into the database file (sqld deletes those). */
  checkpointed: number;
  /** Leave the newest segment unsealed, as a crash leaves the current one. */
  unsealedLast: boolean;
  logId: string;
  /** When the first kept segment was sealed (ms); each next one a minute later. */
  firstSealedAtMs: bigint;
  /** A salt per segment; libsql-wal draws a random one. */
  salt: (index: number) => number;
}

export interface SqldNamespace {
  dataPath: string;
  segmentPaths: string[];
  /** The newest frame in the database file. */
  replicationIndex: bigint;
}

/** The database as of the end of `transactions`: each page's newest version, cut to the last commit's size. */
export function databaseImage(transactions: readonly LoggedTransaction[]): Uint8Array {
  const pages = new Map<number, Uint8Array>();
  let size = 0;
  for (const tx of transactions) {
    for (const frame of tx.frames) pages.set(frame.pageNo, frame.page);
    size = tx.sizeAfter;
  }
  const image = new Uint8Array(size * PAGE_SIZE);
  for (const [pageNo, page] of pages) if (pageNo <= size) image.set(page, (pageNo - 1) * PAGE_SIZE);
  return image;
}

/**
 * Writes one namespace of a sqld data directory as libsql-wal leaves it (docs/formats/libsql-wal.md): the
 * checkpointed history in `data` with its footer, the rest as `.seg` files named by start frame.
 */
export async function writeSqldNamespace(options: SqldNamespaceOptions): Promise<SqldNamespace> {
  const nsDir = join(options.root, DBS, checkNamespace(options.namespace));
  const walDir = join(nsDir, DATA_WAL);
  await mkdir(walDir, { recursive: true });
  const checkpointed = options.segments.slice(0, options.checkpointed);
  const replicationIndex = checkpointed.at(-1)?.endFrameNo ?? 0n;
  const image = databaseImage(checkpointed.flatMap((s) => s.transactions));
  const dataPath = join(nsDir, DATA);
  await writeFile(
    dataPath,
    Buffer.concat([image, encodeDbFooter({ version: 1, replicationIndex, logId: options.logId })]),
  );
  const segmentPaths: string[] = [];
  const kept = options.segments.slice(options.checkpointed);
  for (const [i, segment] of kept.entries()) {
    const unsealed = options.unsealedLast && i === kept.length - 1;
    const bytes = encodeSealedSegment({
      startFrameNo: segment.startFrameNo,
      salt: options.salt(i),
      logId: options.logId,
      sealedAtMs: unsealed ? null : options.firstSealedAtMs + BigInt(i) * 60_000n,
      transactions: segment.transactions.map((tx) => ({ pages: tx.frames, sizeAfter: tx.sizeAfter })),
    });
    const path = join(walDir, sqldSegmentName(segment.startFrameNo));
    await writeFile(path, bytes);
    segmentPaths.push(path);
  }
  return { dataPath, segmentPaths, replicationIndex };
}
