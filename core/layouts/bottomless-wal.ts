import type { ErrorCode } from '../errors.js';
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

/**
 * Why a generation's WAL cannot be read past a frame: frames in no batch, a broken checksum, a batch
 * holding fewer frames than its name says, or batches with no `.meta` to seed their chain.
 */
export interface WalBreak {
  kind: 'gap' | 'checksum' | 'truncated' | 'meta';
  /** The first frame that cannot be stood on. */
  frameNo: number;
  /** For a gap, a cut batch or a missing `.meta`, the last frame it costs. */
  toFrameNo: number;
  key: string | null;
}

/** How a restore, `points` and `verify` name a break: its code, and a sentence naming the piece. */
export function describeBreak(g: Generation, b: WalBreak): { code: ErrorCode; message: string } {
  const frames = `frames ${b.frameNo}..${b.toFrameNo} of generation ${g.id}`;
  switch (b.kind) {
    case 'gap':
      return { code: 'CHAIN_GAP', message: `${frames} are in no batch (before ${b.key ?? 'the end'})` };
    case 'checksum':
      return {
        code: 'CHECKSUM_MISMATCH',
        message: `frame ${b.frameNo} of generation ${g.id} (${b.key ?? '?'}) breaks the checksum chain`,
      };
    case 'truncated':
      return {
        code: 'TRUNCATED_SEGMENT',
        message: `${b.key ?? '?'} holds fewer frames than its name says: ${frames} are missing from it`,
      };
    case 'meta': {
      const meta = g.meta ? `its .meta (${g.meta.key}) does not read` : `it has no .meta (${g.folder}.meta)`;
      return {
        code: 'UNPROVEN_FRAMES',
        message:
          `${frames} cannot be proven: ${meta}, which gives their page size and seeds their checksum chain ` +
          `(bottomless's own restore skips its WAL)`,
      };
    }
  }
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
 * The batches of a walk fetched ahead of the one being read, up to `maxAhead` of them and
 * `maxHeld` bytes of their frames (the one being read is always fetched, whatever its size), each
 * decompressed as it arrives.
 */
class BatchPrefetch {
  private readonly fetched = new Map<number, Promise<Uint8Array[]>>();
  private requested = 0;
  private held = 0;
  private stopped = false;

  constructor(
    private readonly bucket: GenerationsBucket,
    private readonly uses: BatchUse[],
    private readonly pageSize: number,
    private readonly maxAhead: number,
    private readonly maxHeld: number,
  ) {}

  /** The decompressed bytes of the `i`th batch, once they are all in; the ones after it are requested meanwhile. */
  async take(i: number): Promise<Uint8Array[]> {
    if (this.requested === i) this.fetch(this.requested++);
    while (
      this.requested < this.uses.length &&
      this.requested < i + this.maxAhead &&
      this.held + this.frameBytes(this.requested) <= this.maxHeld
    )
      this.fetch(this.requested++);
    const chunks = (await this.fetched.get(i)) ?? [];
    this.fetched.delete(i);
    this.held -= this.frameBytes(i);
    return chunks;
  }

  /** Ends the fetches still running: a stopped walk reads no further. */
  stop(): void {
    this.stopped = true;
  }

  private frameBytes(i: number): number {
    const use = this.uses[i];
    return use ? (use.untilFrameNo - use.batch.firstFrameNo + 1) * (this.pageSize + SQLITE_WAL_FRAME_HEADER_SIZE) : 0;
  }

  private fetch(i: number): void {
    const use = this.uses[i];
    if (!use) return;
    const parts = (async () => {
      const out: Uint8Array[] = [];
      for await (const chunk of this.bucket.batchBytes(use.batch, this.pageSize)) {
        // Leaving the loop ends the download (the body is destroyed).
        if (this.stopped) break;
        out.push(chunk);
      }
      return out;
    })();
    parts.catch(() => undefined);
    this.fetched.set(i, parts);
    this.held += this.frameBytes(i);
  }
}

/**
 * One batch's frames read on from the chain's `state` into `walk`, up to the last that stands:
 * how many were read, and whether `onFrame` asked to stop. A broken checksum is `walk.broken`.
 */
function readBatchFrames(
  use: BatchUse,
  chunks: Uint8Array[],
  pageSize: number,
  state: BatchReadState,
  walk: WalWalk,
  onFrame: (frame: WalFrame, batch: BatchObject) => unknown,
): { inRange: number; consumerStopped: boolean } {
  let inRange = 0;
  let consumerStopped = false;
  const reader = new BatchFrameReader(use.batch.firstFrameNo, pageSize, state, (frame) => {
    // Frames past a later batch's rewind are stale.
    if (frame.frameNo > use.untilFrameNo) return false;
    if (!frame.checksumOk) {
      walk.broken = { kind: 'checksum', frameNo: frame.frameNo, toFrameNo: frame.frameNo, key: use.batch.key };
      return false;
    }
    inRange++;
    walk.frames++;
    if (onFrame(frame, use.batch) === false) consumerStopped = true;
    return !consumerStopped;
  });
  for (const chunk of chunks) {
    reader.push(chunk);
    if (reader.done) break;
  }
  const summary = reader.finish();
  if (summary.trailingBytes > 0) walk.trailing.push({ key: use.batch.key, bytes: summary.trailingBytes });
  return { inRange, consumerStopped };
}

/** A batch that held fewer frames than its name says: the ones after its last are nowhere. */
function missingFrames(use: BatchUse, inRange: number): WalBreak | null {
  if (inRange >= use.untilFrameNo - use.batch.firstFrameNo + 1) return null;
  const frameNo = use.batch.firstFrameNo + inRange;
  return { kind: 'truncated', frameNo, toFrameNo: use.untilFrameNo, key: use.batch.key };
}

/**
 * Reads a generation's WAL frame by frame from its `.meta` seed, checking the chain across
 * batches (batches with no `.meta` are a break at frame 1). The batches after the one being read
 * are fetched meanwhile (BatchPrefetch, within `ahead` batches and `maxHeldBytes`); frames are
 * still read strictly in order. Stops at the first gap, broken checksum or batch cut short, or
 * where `onFrame` returns false, and then stops the fetches ahead.
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
  const { uses, gaps } = walBatches(generation, options.untilSecs);
  if (!meta) {
    const last = uses.at(-1);
    if (last)
      walk.broken = { kind: 'meta', frameNo: 1, toFrameNo: last.untilFrameNo, key: generation.meta?.key ?? null };
    return walk;
  }
  const firstGap = gaps[0] ?? null;
  const state: BatchReadState = { checksum: meta.checksum, order: null };
  const ahead = new BatchPrefetch(
    bucket,
    uses,
    meta.pageSize,
    options.ahead ?? BATCHES_IN_FLIGHT,
    options.maxHeldBytes ?? HELD_BYTES,
  );
  try {
    for (const [i, use] of uses.entries()) {
      if (firstGap && use.batch.firstFrameNo > firstGap.frameNo) {
        walk.broken = firstGap;
        break;
      }
      const read = readBatchFrames(use, await ahead.take(i), meta.pageSize, state, walk, options.onFrame);
      if (walk.broken || read.consumerStopped) break;
      walk.broken = missingFrames(use, read.inRange);
      if (walk.broken) break;
    }
  } finally {
    ahead.stop();
  }
  return walk;
}
