import { BatchFrameReader, type BatchReadState, type WalFrame } from '../format/bottomless-batch.js';
import { SQLITE_WAL_FRAME_HEADER_SIZE } from '../format/sqlite-wal.js';
import type { BatchObject } from './bottomless-objects.js';
import type { Generation, GenerationsBucket } from './bottomless-generations.js';

/** A batch and how many of its frames the generation's WAL keeps (a later rewind may cut it). */
export interface BatchUse {
  batch: BatchObject;
  /** The last frame of it that stands; frames after were rewritten by a later batch. */
  untilFrameNo: number;
}

/** Why a generation's WAL cannot be read past a frame. */
export interface WalBreak {
  kind: 'gap' | 'checksum' | 'salt';
  /** The first frame that cannot be stood on. */
  frameNo: number;
  /** For a gap, the last missing frame. */
  toFrameNo: number;
  key: string | null;
}

/**
 * The batches that make a generation's WAL, in frame order. Frame numbers order them, as in
 * bottomless's own restore, which reads keys in name order (`first` zero-padded leads the name)
 * and needs each batch to start one past the last. The second in a name is `Utc::now()` at flush,
 * which a rename or a clock step back on the sqld host can put out of order, so it decides only
 * between batches whose frames overlap: after a rollback of spilled frames the writer flushes
 * again from the rewound frame, and of two batches holding a frame the one flushed later stands,
 * cutting the other from its first frame on (the reference stops at such an overlap, losing
 * every later commit). Within one second the one starting, or else ending, later is taken as the
 * later.
 * `untilSecs` keeps only batches flushed by then (a restore to a time).
 */
export function walBatches(
  generation: Pick<Generation, 'batches'>,
  untilSecs: number | null,
): { uses: BatchUse[]; gaps: WalBreak[] } {
  const inFrameOrder = generation.batches
    .filter((b) => untilSecs === null || b.timestampSecs <= untilSecs)
    .sort(
      (a, b) => a.firstFrameNo - b.firstFrameNo || a.timestampSecs - b.timestampSecs || a.lastFrameNo - b.lastFrameNo,
    );
  const uses: BatchUse[] = [];
  for (const batch of inFrameOrder) {
    const last = uses[uses.length - 1];
    if (last && last.untilFrameNo >= batch.firstFrameNo) {
      // The two hold the same frames: the one written first is stale from the other's first frame on.
      if (batch.timestampSecs < last.batch.timestampSecs) continue;
      if (last.batch.firstFrameNo === batch.firstFrameNo) uses.pop();
      else last.untilFrameNo = batch.firstFrameNo - 1;
    }
    uses.push({ batch, untilFrameNo: batch.lastFrameNo });
  }
  const gaps: WalBreak[] = [];
  let next = 1;
  for (const use of uses) {
    if (use.batch.firstFrameNo > next)
      gaps.push({ kind: 'gap', frameNo: next, toFrameNo: use.batch.firstFrameNo - 1, key: use.batch.key });
    next = use.untilFrameNo + 1;
  }
  return { uses, gaps };
}

export interface WalWalk {
  /** Frames read and checked, in order. */
  frames: number;
  /** The first break met, where the walk stopped; null when it read every kept frame. */
  broken: WalBreak | null;
  /** Bytes too few for a frame at a batch's end (the writer's reader ignores them). */
  trailing: { key: string; bytes: number }[];
}

/** Batches requested at once: with a 20 ms round trip, 32 in flight keep ~1,500 small objects a second coming. */
const BATCHES_IN_FLIGHT = 32;
/** Decompressed frames held by batches fetched ahead and not yet read. */
const HELD_BYTES = 32 << 20;

/**
 * Reads a generation's WAL frame by frame from its `.meta` seed, checking the chain across
 * batches. The batches after the one being read are fetched meanwhile, up to `ahead` of them and
 * `maxHeldBytes` of their frames (the one being read is always fetched, whatever its size), each
 * decompressed as it arrives; frames are still read strictly in order. Stops at the first gap or
 * broken checksum, or where `onFrame` returns false, and then stops the fetches ahead.
 */
export async function walkGenerationWal(
  bucket: GenerationsBucket,
  generation: Generation,
  options: {
    untilSecs: number | null;
    ahead?: number;
    maxHeldBytes?: number;
    onFrame: (frame: WalFrame, batch: BatchObject) => unknown;
  },
): Promise<WalWalk> {
  const meta = generation.metaValue;
  const walk: WalWalk = { frames: 0, broken: null, trailing: [] };
  if (!meta) return walk;
  const { uses, gaps } = walBatches(generation, options.untilSecs);
  const firstGap = gaps[0] ?? null;
  const state: BatchReadState = { checksum: meta.checksum, order: null };
  const fetched = new Map<number, Promise<Uint8Array[]>>();
  const maxAhead = options.ahead ?? BATCHES_IN_FLIGHT;
  const maxHeld = options.maxHeldBytes ?? HELD_BYTES;
  const frameBytes = (k: number) => {
    const use = uses[k];
    return use ? (use.untilFrameNo - use.batch.firstFrameNo + 1) * (meta.pageSize + SQLITE_WAL_FRAME_HEADER_SIZE) : 0;
  };
  let requested = 0;
  let held = 0;
  let stopped = false;
  const fetch = (i: number) => {
    const use = uses[i];
    if (!use) return;
    const parts = (async () => {
      const out: Uint8Array[] = [];
      for await (const chunk of bucket.batchBytes(use.batch, meta.pageSize)) {
        // Leaving the loop ends the download (the body is destroyed): a stopped walk reads no further.
        if (stopped) break;
        out.push(chunk);
      }
      return out;
    })();
    parts.catch(() => undefined);
    fetched.set(i, parts);
    held += frameBytes(i);
  };
  try {
    for (const [i, use] of uses.entries()) {
      if (firstGap && use.batch.firstFrameNo > firstGap.frameNo) {
        walk.broken = firstGap;
        break;
      }
      // Batches download while earlier ones are read, within the bounds on count and bytes held.
      if (requested === i) fetch(requested++);
      while (requested < uses.length && requested < i + maxAhead && held + frameBytes(requested) <= maxHeld)
        fetch(requested++);
      const chunks = (await fetched.get(i)) ?? [];
      fetched.delete(i);
      held -= frameBytes(i);
      let inRange = 0;
      let consumerStopped = false;
      const reader = new BatchFrameReader(use.batch.firstFrameNo, meta.pageSize, state, (frame) => {
        // Frames past a later batch's rewind are stale.
        if (frame.frameNo > use.untilFrameNo) return false;
        if (!frame.checksumOk) {
          walk.broken = { kind: 'checksum', frameNo: frame.frameNo, toFrameNo: frame.frameNo, key: use.batch.key };
          return false;
        }
        inRange++;
        walk.frames++;
        if (options.onFrame(frame, use.batch) === false) consumerStopped = true;
        return !consumerStopped;
      });
      for (const chunk of chunks) {
        reader.push(chunk);
        if (reader.done) break;
      }
      const summary = reader.finish();
      if (summary.trailingBytes > 0) walk.trailing.push({ key: use.batch.key, bytes: summary.trailingBytes });
      if (walk.broken || consumerStopped) break;
      if (inRange < use.untilFrameNo - use.batch.firstFrameNo + 1) {
        // Fewer frames than the name says: the ones after the last are nowhere.
        walk.broken = {
          kind: 'gap',
          frameNo: use.batch.firstFrameNo + inRange,
          toFrameNo: use.untilFrameNo,
          key: use.batch.key,
        };
        break;
      }
    }
  } finally {
    stopped = true;
  }
  return walk;
}
