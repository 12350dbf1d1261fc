import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { type BottomlessCompression, formatBatchKey } from '../format/bottomless-batch-key.js';
import { encodeWalFrame } from '../format/bottomless-batch.js';
import { generationBytes, newGenerationId } from '../format/bottomless-generation.js';
import { encodeMeta } from '../format/bottomless-meta.js';
import type { WalChecksum } from '../format/sqlite-wal-checksum.js';
import type { LoggedTransaction } from './generate.js';

/** A commit as the bucket holds it: where a restore with --generation and --until-frame stands. */
export interface BottomlessCommit {
  generation: string;
  frameNo: number;
  /** The second of the batch that completes it. */
  flushedSecs: number;
  /** The database right after it (the workload's own image). */
  image: Uint8Array | null;
}

export interface BottomlessBucketOptions {
  /** The bucket folder (its keys are paths below it). */
  root: string;
  dbName: string;
  /** Each generation's committed transactions, oldest generation first. */
  generations: readonly (readonly LoggedTransaction[])[];
  framesPerBatch: number;
  /** raw or gz: Node 20 has no zstd encoder. */
  compression: Exclude<BottomlessCompression, 'zstd'>;
  /** When the first generation was created, ms; each next one a minute later. */
  firstCreatedMs: bigint;
  /** Take a snapshot at the start of every generation after the first, or only every k-th. */
  snapshotEvery: number;
}

function compress(bytes: Uint8Array, compression: BottomlessCompression): Uint8Array {
  return compression === 'gz' ? gzipSync(bytes) : bytes;
}

/**
 * Writes a bucket folder as sqld's bottomless replicator leaves it: per generation a `.meta`
 * (page size and the chain's seed), `.dep` to the one before, a snapshot of the database at its
 * start where asked, and the WAL's frames cut into batches of `framesPerBatch` regardless of
 * commits (a transaction may span batches), each frame checksummed on from the one before.
 */
export async function writeBottomlessBucket(
  options: BottomlessBucketOptions,
): Promise<{ generations: string[]; commits: BottomlessCommit[] }> {
  const ids: string[] = [];
  const commits: BottomlessCommit[] = [];
  let image: Uint8Array | null = null;
  for (const [index, transactions] of options.generations.entries()) {
    const createdMs = options.firstCreatedMs + BigInt(index) * 60_000n;
    const id = newGenerationId(createdMs, randomBytes(10));
    const folder = join(options.root, `${options.dbName}-${id}`);
    await mkdir(folder, { recursive: true });
    const seed: WalChecksum = { s0: randomBytes(4).readUInt32BE(), s1: randomBytes(4).readUInt32BE() };
    const salts = [randomBytes(4).readUInt32BE(), randomBytes(4).readUInt32BE()] as const;
    await writeFile(join(folder, '.meta'), encodeMeta({ pageSize: 4096, checksum: seed }));
    const parent = ids.at(-1);
    if (parent) await writeFile(join(folder, '.dep'), generationBytes(parent));
    if (index > 0 && image && index % options.snapshotEvery === 0) {
      await writeFile(join(folder, `db.${options.compression}`), compress(image, options.compression));
      const counter = Buffer.alloc(4);
      counter.set(image.subarray(24, 28));
      await writeFile(join(folder, '.changecounter'), counter);
    }
    let checksum = seed;
    let frameNo = 0;
    let batch: Uint8Array[] = [];
    let batchFirst = 1;
    const secs = Number(createdMs / 1000n);
    let flushes = 0;
    const flush = async () => {
      if (batch.length === 0) return;
      const key = formatBatchKey({
        firstFrameNo: batchFirst,
        lastFrameNo: frameNo,
        timestampSecs: secs + 1 + flushes,
        compression: options.compression,
      });
      await writeFile(join(folder, key), compress(Buffer.concat(batch), options.compression));
      flushes++;
      batch = [];
      batchFirst = frameNo + 1;
    };
    const waiting: BottomlessCommit[] = [];
    for (const tx of transactions) {
      for (const frame of tx.frames) {
        const encoded = encodeWalFrame(
          { pageNo: frame.pageNo, sizeAfter: frame.sizeAfter, salts, page: frame.page },
          checksum,
        );
        checksum = encoded.checksum;
        batch.push(encoded.bytes);
        frameNo++;
        if (frame.sizeAfter !== 0) waiting.push({ generation: id, frameNo, flushedSecs: 0, image: tx.snapshot });
        if (batch.length === options.framesPerBatch) {
          await flush();
          for (const c of waiting.splice(0)) commits.push({ ...c, flushedSecs: secs + flushes });
        }
      }
      if (tx.snapshot) image = tx.snapshot;
    }
    await flush();
    for (const c of waiting.splice(0)) commits.push({ ...c, flushedSecs: secs + flushes });
    ids.push(id);
  }
  return { generations: ids, commits };
}
