import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PAGE_SIZE, type Frame } from '../../core/format/frame.js';
import { encodeV0Segment } from '../../core/format/segment-v0.js';
import type { BenchSuite } from './harness.js';
import { measureVerify } from './measures.js';

const FILES = 16;
const FRAMES_PER_FILE = 16_320; // 16 × 16,320 × 4,112 bytes ≈ 1 GiB

export const verifySuite: BenchSuite = {
  name: 'verify',
  async run(record) {
    const dir = await mkdtemp(join(tmpdir(), 'segscope-bench-verify-'));
    try {
      const page = new Uint8Array(PAGE_SIZE).map((_, i) => (i * 31) & 0xff);
      const paths: string[] = [];
      const segments: Uint8Array[] = [];
      for (let f = 0; f < FILES; f++) {
        const start = BigInt(f * FRAMES_PER_FILE + 1);
        const frames: Frame[] = Array.from({ length: FRAMES_PER_FILE }, (_, i) => ({
          pageNo: i + 1,
          sizeAfter: i === FRAMES_PER_FILE - 1 ? FRAMES_PER_FILE : 0,
          frameNo: start + BigInt(i),
          page,
        }));
        const bytes = encodeV0Segment({
          segmentId: randomUUID(),
          startFrameNo: start,
          endFrameNo: start + BigInt(FRAMES_PER_FILE - 1),
          frames,
        });
        const path = join(dir, `s${f}`);
        await writeFile(path, bytes);
        paths.push(path);
        segments.push(bytes);
      }
      await measureVerify(`segments on disk (${FILES} files)`, dir, paths, segments, record);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  },
};
