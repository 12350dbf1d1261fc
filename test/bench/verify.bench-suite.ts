import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { PAGE_SIZE, type Frame } from '../../core/format/frame.js';
import { encodeV0Segment } from '../../core/format/segment-v0.js';
import { verifyFiles } from '../../core/inspect/verify-files.js';
import { type BenchSuite, medianMs } from './harness.js';

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
        const bytes = encodeV0Segment({ segmentId: randomUUID(), startFrameNo: start, endFrameNo: start + BigInt(FRAMES_PER_FILE - 1), frames });
        const path = join(dir, `s${f}`);
        // Flushed, so the kernel is not still writing these back while verify is being timed.
        await writeFile(path, bytes);
        paths.push(path);
        segments.push(bytes);
      }
      const totalMb = segments.reduce((n, s) => n + s.length, 0) / 1e6;
      const crcMs = await medianMs(3, () => {
        for (const s of segments) crc32(s);
      });
      segments.length = 0;
      let ok = false;
      const verifyMs = await medianMs(3, async () => {
        ok = (await verifyFiles(paths)).ok;
      });
      if (!ok) throw new Error('the benchmark segments failed verification');
      const verifyRate = totalMb / (verifyMs / 1000);
      const crcRate = totalMb / (crcMs / 1000);
      record({
        what: `verify ${totalMb.toFixed(0)} MB of segments on disk (${FILES} files)`,
        value: verifyRate,
        unit: 'MB/s',
        baseline: { what: 'zlib.crc32 over the same bytes in memory', value: crcRate },
        ratio: { value: verifyRate / crcRate, meaning: 'of in-memory CRC-32' },
        target: { text: '>= 0.8x', met: verifyRate / crcRate >= 0.8 },
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  },
};
