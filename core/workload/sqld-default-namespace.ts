import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PAGE_SIZE } from '../format/frame.js';
import type { SqldFrame } from '../format/sqld-frame.js';
import { encodeSnapshot, snapshotName } from '../format/sqld-snapshot.js';
import { encodeSqliteWal } from '../format/sqlite-wal.js';
import { encodeWallog } from '../format/wallog.js';
import { DATA, DATA_WAL, DBS, SNAPSHOTS, TO_COMPACT, WALLOG } from '../format/sqld-names.js';
import { checkNamespace } from '../layouts/namespace.js';
import type { LoggedTransaction } from './generate.js';
import { databaseImage } from './sqld-namespace.js';

export interface DefaultNamespaceOptions {
  /** The sqld data directory (it will hold `dbs/<namespace>`). */
  root: string;
  namespace: string;
  /** Committed transactions in order, each with its pages as SQLite wrote them. */
  transactions: readonly LoggedTransaction[];
  logId: string;
  /** Transactions per log before sqld compacts it (the last log stays the wallog). */
  transactionsPerLog: number;
  /** Leave the newest compacted log in `to_compact/` instead of a snapshot (a crash mid-compaction). */
  pendingLast: boolean;
  /** How many of the newest transactions the WAL file still holds (the rest are checkpointed into `data`). */
  inWal: number;
  salts: [number, number];
}

export interface DefaultNamespace {
  nsDir: string;
  /** The log frame number each transaction's commit got, in order. */
  commitFrameNos: bigint[];
  snapshots: string[];
}

/**
 * Writes one namespace as sqld's default mode leaves it, from the pages SQLite wrote: the
 * replication log numbered from frame 0 with its CRC-64 chain, compacted every
 * `transactionsPerLog` transactions into a snapshot (newest frame of each page, descending),
 * the current log as `wallog`, and `data` + `data-wal` with the newest transactions in the WAL.
 */
export async function writeDefaultNamespace(options: DefaultNamespaceOptions): Promise<DefaultNamespace> {
  const nsDir = join(options.root, DBS, checkNamespace(options.namespace));
  await mkdir(join(nsDir, SNAPSHOTS), { recursive: true });
  await mkdir(join(nsDir, TO_COMPACT), { recursive: true });
  const commitFrameNos: bigint[] = [];
  const snapshots: string[] = [];
  let frameNo = 0n;
  let checksum = 0n;
  const logs: LoggedTransaction[][] = [];
  for (let i = 0; i < options.transactions.length; i += options.transactionsPerLog) {
    logs.push(options.transactions.slice(i, i + options.transactionsPerLog));
  }
  for (const [l, txs] of logs.entries()) {
    const encoded = encodeWallog({
      logId: options.logId,
      startFrameNo: frameNo,
      startChecksum: checksum,
      transactions: txs.map((tx) => ({ pages: tx.frames, sizeAfter: tx.sizeAfter })),
    });
    const start = frameNo;
    for (const tx of txs) {
      frameNo += BigInt(tx.frames.length);
      commitFrameNos.push(frameNo - 1n);
    }
    checksum = encoded.lastChecksum;
    const last = l === logs.length - 1;
    if (last) await writeFile(join(nsDir, WALLOG), encoded.bytes);
    else if (options.pendingLast && l === logs.length - 2)
      await writeFile(join(nsDir, TO_COMPACT, randomUUID()), encoded.bytes);
    else {
      const name = snapshotName(options.logId, start, frameNo - 1n);
      await writeFile(
        join(nsDir, SNAPSHOTS, name),
        encodeSnapshot(
          {
            logId: options.logId,
            startFrameNo: start,
            endFrameNo: frameNo - 1n,
            sizeAfter: txs.at(-1)?.sizeAfter ?? 0,
          },
          newestFrames(encoded.bytes),
        ),
      );
      snapshots.push(name);
    }
  }
  const checkpointed = options.transactions.length - options.inWal;
  await writeFile(join(nsDir, DATA), databaseImage(options.transactions.slice(0, checkpointed)));
  const walTxs = options.transactions.slice(checkpointed).map((tx) => ({ pages: tx.frames, sizeAfter: tx.sizeAfter }));
  await writeFile(
    join(nsDir, DATA_WAL),
    walTxs.length > 0 ? encodeSqliteWal(walTxs, options.salts) : new Uint8Array(0),
  );
  return { nsDir, commitFrameNos, snapshots };
}

/** A log's committed frames read back, newest first, each page once: what sqld's compactor keeps. */
function newestFrames(log: Uint8Array): SqldFrame[] {
  const view = new DataView(log.buffer, log.byteOffset, log.byteLength);
  const count = Number(view.getBigUint64(40, true));
  const seen = new Set<number>();
  const frames: SqldFrame[] = [];
  for (let i = count - 1; i >= 0; i--) {
    const at = 64 + i * (24 + PAGE_SIZE);
    const pageNo = view.getUint32(at + 16, true);
    if (seen.has(pageNo)) continue;
    seen.add(pageNo);
    frames.push({
      frameNo: view.getBigUint64(at, true),
      checksum: view.getBigUint64(at + 8, true),
      pageNo,
      sizeAfter: 0,
      page: log.subarray(at + 24, at + 24 + PAGE_SIZE),
    });
  }
  return frames;
}
