import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { formatBatchKey } from '../../core/format/bottomless-batch-key.js';
import { encodeWalFrame } from '../../core/format/bottomless-batch.js';
import { newGenerationId } from '../../core/format/bottomless-generation.js';
import { encodeMeta } from '../../core/format/bottomless-meta.js';
import type { WalChecksum } from '../../core/format/sqlite-wal-checksum.js';
import { Database } from '../../core/sqlite/driver.js';
import { WalReader } from '../../core/workload/wal-reader.js';

export interface BottomlessFixture {
  /** Every key of the namespace, in the order a restore reads them (snapshot, then batches). */
  keys: string[];
  /** The database SQLite holds after the last transaction, checkpointed. */
  finalDb: string;
  /** Bytes of the batch objects as stored (gzip). */
  batchBytes: number;
}

/** PUTs in flight while the fixture is uploaded: enough to keep the gateway busy, few enough not to drown it. */
const UPLOADS_IN_FLIGHT = 64;

/**
 * One bottomless generation of `transactions` batches on S3, each batch one real SQLite
 * transaction (a row inserted) as sqld's replicator would flush it: `.meta`, a gzip snapshot
 * of the database before the first, then a gzip batch of that transaction's WAL frames per
 * commit, chained from the seed. SQLite writes the frames (WAL mode, no automatic checkpoint);
 * they are read back from its -wal file and uploaded as they come, many PUTs at a time, each
 * object readable without a signature so the baseline can GET it plainly.
 */
export async function uploadBottomlessGeneration(
  client: S3Client,
  bucket: string,
  dir: string,
  transactions: number,
  /** The text of the row transaction i inserts. */
  row: (i: number) => string = (i) => `row ${i} `.padEnd(120 + (i % 80), String.fromCharCode(97 + (i % 26))),
): Promise<BottomlessFixture> {
  const dbName = 'ns-bench:default';
  const createdMs = 1_700_000_000_000n;
  const folder = `${dbName}-${newGenerationId(createdMs, randomBytes(10))}/`;
  const finalDb = join(dir, 'source.db');
  const db = new Database(finalDb);
  const keys: string[] = [];
  let batchBytes = 0;
  const inFlight = new Set<Promise<void>>();
  const put = async (key: string, body: Uint8Array) => {
    while (inFlight.size >= UPLOADS_IN_FLIGHT) await Promise.race(inFlight);
    const sent = client
      .send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ACL: 'public-read' }))
      .then(() => undefined);
    inFlight.add(sent);
    void sent.finally(() => inFlight.delete(sent)).catch(() => undefined);
  };
  try {
    db.pragma('page_size = 4096');
    db.pragma('journal_mode = WAL');
    db.pragma('wal_autocheckpoint = 0');
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)');
    db.pragma('wal_checkpoint(TRUNCATE)');
    const seed: WalChecksum = { s0: randomBytes(4).readUInt32BE(), s1: randomBytes(4).readUInt32BE() };
    const salts = [randomBytes(4).readUInt32BE(), randomBytes(4).readUInt32BE()] as const;
    await put(`${folder}.meta`, encodeMeta({ pageSize: 4096, checksum: seed }));
    const snapshotKey = `${folder}db.gz`;
    keys.push(snapshotKey);
    await put(snapshotKey, gzipSync(await readFile(finalDb)));
    const insert = db.prepare('INSERT INTO t (v) VALUES (?)');
    const wal = await WalReader.open(`${finalDb}-wal`);
    let checksum = seed;
    let frameNo = 0;
    try {
      for (let i = 0; i < transactions; i++) {
        insert.run(row(i));
        const frames = await wal.readCommitted();
        const encoded = frames.map((f) => {
          const e = encodeWalFrame({ pageNo: f.pageNo, sizeAfter: f.commitSize, salts, page: f.page }, checksum);
          checksum = e.checksum;
          return e.bytes;
        });
        const first = frameNo + 1;
        frameNo += frames.length;
        const name = formatBatchKey({
          firstFrameNo: first,
          lastFrameNo: frameNo,
          timestampSecs: Number(createdMs / 1000n) + 1 + i,
          compression: 'gz',
        });
        const body = gzipSync(Buffer.concat(encoded));
        batchBytes += body.length;
        keys.push(`${folder}${name}`);
        await put(`${folder}${name}`, body);
      }
    } finally {
      await wal.close();
    }
    await Promise.all(inFlight);
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
  return { keys, finalDb, batchBytes };
}
