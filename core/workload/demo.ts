import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { segmentsDir } from '../layouts/namespace.js';
import { DEFAULT_NAMESPACE } from '../model/namespace-id.js';
import { SegscopeError } from '../errors.js';
import { remoteSegmentsPrefix } from '../layouts/seed-bucket-prefix.js';
import { type GeneratedSegment, generateWorkload } from './generate.js';
import { FRAME_HEADER_SIZE, FRAME_SIZE, frameAt } from '../format/frame.js';
import { viewOf } from '../format/byte-fields.js';
import { formatSegmentKey } from '../format/segment-key.js';
import { V0_HEADER_SIZE, decodeV0Header } from '../format/segment-v0.js';
import { compactSegment } from './compact.js';

export interface DemoOptions {
  prefix: string;
  /** Directory remote to move the older half of the segments to. */
  remoteDir?: string;
  clusterId: string;
  segments: number;
  seed: number;
}

export interface DemoResult {
  prefix: string;
  localSegments: number;
  remoteSegments: number;
  /** The frames a deleted segment leaves uncovered. */
  gap: { fromFrameNo: bigint; toFrameNo: bigint };
  /** The two segments a re-compaction of theirs overlaps. */
  overlap: { covering: string; covered: [string, string] };
}

/** The frames of a v0 segment back as log frames, to compact two neighbours into one. */
function framesOf(segment: GeneratedSegment) {
  const view = viewOf(segment.bytes);
  const count = Number(decodeV0Header(segment.bytes).frameCount);
  return Array.from({ length: count }, (_, i) => {
    const at = V0_HEADER_SIZE + i * FRAME_SIZE;
    const { pageNo, sizeAfter, frameNo } = frameAt(segment.bytes, at, i, view);
    return { pageNo, sizeAfter, frameNo, page: segment.bytes.subarray(at + FRAME_HEADER_SIZE, at + FRAME_SIZE) };
  });
}

/**
 * A demo segment directory from a real SQLite workload, with the things an operator should be
 * able to spot: one segment missing (a gap) and a compaction of two neighbours stored beside
 * them (an overlap). With a remote, the older half of the segments lives only there, so
 * fetch-by-frame has something to fetch.
 */
export async function writeDemo(options: DemoOptions): Promise<DemoResult> {
  const dir = segmentsDir(options.prefix, DEFAULT_NAMESPACE);
  await mkdir(dir, { recursive: true });
  if ((await readdir(dir)).length > 0) {
    throw new SegscopeError(
      'DESTINATION_EXISTS',
      `${dir} already holds files; give an empty or new directory for the demo`,
    );
  }
  const segments: GeneratedSegment[] = [];
  await generateWorkload({
    transactions: options.segments * 2,
    rowsPerTransaction: 4,
    framesPerSegment: 1_000_000,
    transactionsPerSegment: 2,
    seed: options.seed,
    onSegment: (segment) => {
      segments.push(segment);
    },
  });
  if (segments.length < 8) throw new SegscopeError('INVALID_ARGUMENT', 'the demo needs at least 8 segments');
  const gapAt = Math.floor(segments.length * 0.7);
  const overlapAt = Math.floor(segments.length * 0.8);
  const gapSegment = segments[gapAt];
  const [a, b] = [segments[overlapAt], segments[overlapAt + 1]];
  if (!gapSegment || !a || !b) throw new SegscopeError('INVALID_ARGUMENT', 'the demo workload came out too small');
  const inFrameOrder = [...framesOf(a), ...framesOf(b)].sort((x, y) =>
    x.frameNo < y.frameNo ? -1 : x.frameNo > y.frameNo ? 1 : 0,
  );
  const merged = compactSegment(inFrameOrder, { startFrameNo: a.startFrameNo });
  const mergedKey = formatSegmentKey({
    startFrameNo: merged.startFrameNo,
    endFrameNo: merged.endFrameNo,
    createdAt: b.createdAt + 5n,
  });
  const kept = segments.filter((s) => s !== gapSegment);
  for (const s of kept) await writeFile(join(dir, s.key), s.bytes);
  await writeFile(join(dir, mergedKey), merged.bytes);

  let remoteSegments = 0;
  if (options.remoteDir) {
    const folder = join(options.remoteDir, ...remoteSegmentsPrefix(options.clusterId, DEFAULT_NAMESPACE).split('/'));
    await mkdir(folder, { recursive: true });
    const older = kept.slice(0, Math.floor(kept.length / 2));
    for (const s of older)
      await rename(join(dir, s.key), join(folder, s.key)).catch(async () => {
        await writeFile(join(folder, s.key), s.bytes);
        await rm(join(dir, s.key));
      });
    remoteSegments = older.length;
  }
  return {
    prefix: options.prefix,
    localSegments: kept.length + 1 - remoteSegments,
    remoteSegments,
    gap: { fromFrameNo: gapSegment.startFrameNo, toFrameNo: gapSegment.endFrameNo },
    overlap: { covering: mergedKey, covered: [a.key, b.key] },
  };
}
