import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GenerationsBucket } from '../../../core/layouts/bottomless-generations.js';
import { restoreBottomless } from '../../../core/restore/bottomless-restore.js';
import { FolderObjectStore } from '../../../core/storage/folder-object-store.js';
import { writeBottomlessBucket } from '../../../core/workload/bottomless-writer.js';
import type { LoggedTransaction } from '../../../core/workload/generate.js';
import { sampleDigest } from '../../support/bottomless-vectors.js';
import { tempDir } from '../../support/segments.js';
import { workloadTransactions } from '../../support/workload.js';

function transactions(seed: number, count: number): Promise<LoggedTransaction[]> {
  return workloadTransactions({ seed, transactions: count, framesPerSegment: 1000, transactionsPerSegment: 1000 });
}

describe("bottomless restore of the project's own writer over random SQLite workloads", () => {
  for (const [seed, compression, framesPerBatch, snapshotEvery] of [
    [11, 'gz', 3, 1],
    [12, 'raw', 7, 2],
  ] as const) {
    it(
      `seed ${seed}, ${compression}, ${framesPerBatch} frames a ` +
        `batch: every commit and every flush second match SQLite's rows`,
      async () => {
        const txs = await transactions(seed, 36);
        const third = Math.ceil(txs.length / 3);
        const root = join(await tempDir(), 'bucket');
        const written = await writeBottomlessBucket({
          root,
          dbName: 'ns-:default',
          generations: [txs.slice(0, third), txs.slice(third, 2 * third), txs.slice(2 * third)],
          framesPerBatch,
          compression,
          firstCreatedMs: 1_728_000_000_000n,
          snapshotEvery,
        });
        const bucket = new GenerationsBucket(new FolderObjectStore(root));
        const backup = await bucket.read('default');
        const out = await tempDir();
        const expected = async (image: Uint8Array | null) => {
          const path = join(out, `expected-${Math.random()}.db`);
          await writeFile(path, image ?? new Uint8Array(0));
          return sampleDigest(path);
        };
        for (const [i, c] of written.commits.entries()) {
          const target = join(out, `c${i}.db`);
          await restoreBottomless(bucket, backup, {
            out: target,
            generation: c.generation,
            untilFrameNo: BigInt(c.frameNo),
            allowGaps: false,
            durable: false,
          });
          expect(sampleDigest(target), `commit ${i}`).toBe(await expected(c.image));
        }
        // A time restore stands at the newest commit whose frames were all flushed by then.
        for (const secs of new Set(written.commits.map((c) => c.flushedSecs))) {
          const last = written.commits.filter((c) => c.flushedSecs <= secs).at(-1);
          const target = join(out, `t${secs}.db`);
          await restoreBottomless(bucket, backup, {
            out: target,
            untilTime: new Date(secs * 1000).toISOString(),
            allowGaps: false,
            durable: false,
          });
          expect(sampleDigest(target), `time ${secs}`).toBe(await expected(last?.image ?? null));
        }
      },
      240_000,
    );
  }
});
