import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatSegmentKey } from '../../core/format/segment-key.js';
import { encodeV0Segment } from '../../core/format/segment-v0.js';

/**
 * A prefix with `count` real (frameless, 44-byte) segments of 10 frames each, back to back: the
 * shape of a long-lived namespace, small enough on disk to build 100,000 in seconds.
 */
export async function buildSegmentDir(count: number): Promise<{ prefix: string; dir: string; frames: bigint }> {
  const prefix = await mkdtemp(join(tmpdir(), 'segscope-bench-'));
  const dir = join(prefix, 'segments');
  await mkdir(dir);
  const batch = 256;
  for (let first = 0; first < count; first += batch) {
    const writes: Promise<void>[] = [];
    for (let i = first; i < Math.min(first + batch, count); i++) {
      const startFrameNo = BigInt(i) * 10n + 1n;
      const endFrameNo = startFrameNo + 9n;
      const bytes = encodeV0Segment({ segmentId: randomUUID(), startFrameNo, endFrameNo, frames: [] });
      writes.push(
        writeFile(
          join(dir, formatSegmentKey({ startFrameNo, endFrameNo, createdAt: 1_700_000_000n + BigInt(i) })),
          bytes,
        ),
      );
    }
    await Promise.all(writes);
  }
  return { prefix, dir, frames: BigInt(count) * 10n };
}
