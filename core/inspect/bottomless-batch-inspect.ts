import { isSegscopeError } from '../errors.js';
import type { BatchKey, BottomlessCompression } from '../format/bottomless-batch-key.js';
import { BatchFrameReader, type BatchReadState, type ByteOrder, type WalFrame } from '../format/bottomless-batch.js';
import type { GenerationMeta } from '../format/bottomless-meta.js';
import { ProblemLog } from '../format/problem.js';
import { hex32 } from '../format/hex32.js';
import { viewOf } from '../format/byte-fields.js';
import { u32 } from '../format/header-fields.js';
import { SQLITE_WAL_FRAME_HEADER, SQLITE_WAL_FRAME_HEADER_SIZE, walFrameChecksum } from '../format/sqlite-wal.js';
import type { GenerationsBucket } from '../layouts/bottomless-generations.js';
import type { BatchObject } from '../layouts/bottomless-objects.js';
import type { ChecksumStatus, FrameInfo, HeaderFields } from '../model/file-format.js';
import type { ChainSeed } from './bottomless-chain-seed.js';
import { peekBytes } from './peek-bytes.js';
import { FrameTally, trailingSeverity } from './wal-frame-tally.js';

export interface BatchInput {
  bucket: GenerationsBucket;
  key: string;
  /** The name's frame range and flush time; null for a file named otherwise (its frames count from 1). */
  named: BatchKey | null;
  compression: BottomlessCompression;
  compressedBytes: bigint;
  meta: GenerationMeta | null;
  seed: ChainSeed;
  collectFrames: boolean;
}

export interface BatchInspection {
  header: HeaderFields;
  expectedSize: bigint | null;
  nameAgrees: boolean | null;
  checksum: ChecksumStatus;
  problems: ProblemLog;
  frames: FrameInfo[];
}

const FRAME = SQLITE_WAL_FRAME_HEADER.fields;
const PAGE_SIZES = Array.from({ length: 8 }, (_, i) => 512 << i);
const LARGEST_FRAME = SQLITE_WAL_FRAME_HEADER_SIZE + 65536;
/** sqld's LIBSQL_BOTTOMLESS_BATCH_MAX_FRAMES default: the bound for a batch whose name gives no range. */
const UNNAMED_MAX_FRAMES = 10_000;

/**
 * The page size of frames whose `.meta` is not at hand: the one at which the second frame's
 * checksum continues the first's; for a batch of one frame, or one that ends early, the one its
 * length is a whole number of frames of (as many as the name says). Null when nothing tells.
 */
function inferPageSize(head: Uint8Array, ended: boolean, namedFrames: number | null): number | null {
  const view = viewOf(head);
  for (const pageSize of PAGE_SIZES) {
    const frame = SQLITE_WAL_FRAME_HEADER_SIZE + pageSize;
    if (head.length < 2 * frame) continue;
    const first = { s0: u32(view, FRAME.checksum1), s1: u32(view, FRAME.checksum2) };
    for (const bigEndian of [false, true]) {
      const sums = walFrameChecksum(head, frame, pageSize, bigEndian, first);
      if (sums.s0 === u32(view, FRAME.checksum1, frame) && sums.s1 === u32(view, FRAME.checksum2, frame)) {
        return pageSize;
      }
    }
  }
  if (!ended || head.length === 0) return null;
  const fits = PAGE_SIZES.filter((p) => head.length % (SQLITE_WAL_FRAME_HEADER_SIZE + p) === 0);
  const named = fits.find(
    (p) => namedFrames !== null && head.length === namedFrames * (SQLITE_WAL_FRAME_HEADER_SIZE + p),
  );
  return named ?? (fits.length === 1 ? (fits[0] ?? null) : null);
}

/** Where the batch's frames start, and how many its name says it holds (null: the name gives no range). */
interface BatchRange {
  firstFrameNo: number;
  namedFrames: number | null;
}

function rangeOf(named: BatchKey | null): BatchRange {
  return {
    firstFrameNo: named && named.firstFrameNo >= 1 ? named.firstFrameNo : 1,
    namedFrames: named && named.lastFrameNo >= named.firstFrameNo ? named.lastFrameNo - named.firstFrameNo + 1 : null,
  };
}

/** The batch as the bucket reads it: bounded by its name's frames, or by the writer's default batch size. */
function boundedBatch(input: BatchInput, range: BatchRange): BatchObject {
  return {
    key: input.key,
    firstFrameNo: range.firstFrameNo,
    lastFrameNo: range.firstFrameNo + (range.namedFrames ?? UNNAMED_MAX_FRAMES) - 1,
    timestampSecs: input.named?.timestampSecs ?? 0,
    compression: input.compression,
    name: input.key,
    size: input.compressedBytes,
    generation: '',
  };
}

/** The frames as they were read: the tally, where the chain broke, and each frame when asked for. */
class BatchTally extends FrameTally {
  brokenAtFrame: number | null = null;
  readonly list: FrameInfo[] = [];

  constructor(
    private readonly seed: ChainSeed,
    private readonly firstFrameNo: number,
    private readonly collect: boolean,
  ) {
    super();
  }

  take(frame: WalFrame): void {
    // Without the seed the first frame's sums cannot be checked; the chain is checked from them on.
    const ok = this.seed.known || frame.frameNo !== this.firstFrameNo ? frame.checksumOk : null;
    if (ok === false) this.brokenAtFrame ??= frame.frameNo;
    this.count(frame);
    if (this.collect)
      this.list.push({
        index: this.frames - 1,
        frameNo: BigInt(frame.frameNo),
        pageNo: frame.pageNo,
        sizeAfter: frame.sizeAfter,
        salts: [frame.salts[0], frame.salts[1]],
        checksum: [frame.stored.s0, frame.stored.s1],
        checksumOk: ok,
      });
  }
}

/** What reading the batch found; what a failure left unread stays as it was when it failed. */
interface BatchRead {
  tally: BatchTally;
  /** Null when the read failed before the page size was known and no `.meta` gave it. */
  pageSize: number | null;
  pageSizeFrom: string;
  uncompressed: number;
  trailing: number;
  order: ByteOrder | null;
}

/** A batch without a `.meta` whose frames do not tell their page size is read as 4096, and says so. */
function assumeDefaultPageSize(read: BatchRead, key: string, log: ProblemLog): number {
  read.pageSizeFrom = 'assumed (no .meta beside it, and the frames do not tell)';
  log.warn('BAD_PAGE_SIZE', `no .meta beside ${key} and its frames do not tell their page size; read as 4096`);
  return 4096;
}

/** Streams the batch through the frame reader; a failure is a problem, with the whole frames read before it. */
async function readBatch(input: BatchInput, range: BatchRange, log: ProblemLog): Promise<BatchRead> {
  const { meta, seed } = input;
  const read: BatchRead = {
    tally: new BatchTally(seed, range.firstFrameNo, input.collectFrames),
    pageSize: meta?.pageSize ?? null,
    pageSizeFrom: meta ? '.meta' : 'inferred from the frames',
    uncompressed: 0,
    trailing: 0,
    order: seed.known ? seed.order : null,
  };
  try {
    const bytes = input.bucket.batchBytes(boundedBatch(input, range), read.pageSize ?? 65536);
    const peeked = await peekBytes(bytes, 2 * LARGEST_FRAME);
    read.pageSize ??=
      inferPageSize(peeked.head, peeked.ended, range.namedFrames) ?? assumeDefaultPageSize(read, input.key, log);
    const state: BatchReadState = seed.known
      ? { checksum: seed.checksum, order: seed.order }
      : { checksum: { s0: 0, s1: 0 }, order: null };
    const reader = new BatchFrameReader(range.firstFrameNo, read.pageSize, state, (frame) => read.tally.take(frame));
    for await (const chunk of peeked.all) {
      read.uncompressed += chunk.length;
      reader.push(chunk);
    }
    read.trailing = reader.finish().trailingBytes;
    read.order = state.order;
  } catch (error) {
    if (!isSegscopeError(error)) throw error;
    log.add(error.code, `${error.message}; ${read.tally.frames} whole frame(s) read before it`);
  }
  return read;
}

/** A broken chain, trailing bytes, salts that differ, and a frame count the name does not give. */
function batchProblems(read: BatchRead, range: BatchRange, seed: ChainSeed, log: ProblemLog): void {
  const { tally, trailing } = read;
  const { firstFrameNo, namedFrames } = range;
  if (tally.brokenAtFrame !== null)
    log.add(
      'CHECKSUM_MISMATCH',
      `frame ${tally.brokenAtFrame} breaks the checksum chain (${describeSeed(seed)}); ` +
        'a restore stops before it unless --allow-gaps',
    );
  if (trailing > 0)
    log.add(
      'TRAILING_DATA',
      `the batch ends with ${trailing} bytes that are no whole ${frameSizeOf(read)}-byte frame`,
      trailingSeverity(trailing),
    );
  if (tally.saltsDiffer > 0)
    log.warn('HEADER_MISMATCH', `${tally.saltsDiffer} frame(s) carry salts other than the batch's first frame's`);
  if (namedFrames !== null && tally.frames !== namedFrames && !log.has('DECOMPRESSION_FAILED') && !log.has('TOO_LARGE'))
    log.add(
      tally.frames < namedFrames ? 'TRUNCATED_SEGMENT' : 'HEADER_MISMATCH',
      `the name says ${namedFrames} frame(s) (${firstFrameNo}..${firstFrameNo + namedFrames - 1}) but the batch ` +
        `holds ${tally.frames}`,
    );
}

function frameSizeOf(read: BatchRead): number {
  return SQLITE_WAL_FRAME_HEADER_SIZE + (read.pageSize ?? 4096);
}

function batchHeader(input: BatchInput, range: BatchRange, read: BatchRead): HeaderFields {
  const { named } = input;
  const { tally, order } = read;
  const salts = tally.firstSalts;
  return {
    frameCount: BigInt(tally.frames),
    segmentId: null,
    startFrameNo: BigInt(range.firstFrameNo),
    endFrameNo: BigInt(tally.lastFrameNo ?? range.firstFrameNo - 1),
    namedEndFrameNo: named ? named.lastFrameNo : null,
    flushedAt: named ? new Date(named.timestampSecs * 1000).toISOString() : null,
    compression: input.compression,
    compressedBytes: input.compressedBytes,
    uncompressedBytes: BigInt(read.uncompressed),
    pageSize: read.pageSize,
    pageSizeFrom: read.pageSizeFrom,
    chainSeed: describeSeed(input.seed),
    checksumWords: order === null ? 'unknown' : order === 'be' ? 'big-endian' : 'little-endian',
    salt1: salts ? hex32(salts[0]) : null,
    salt2: salts ? hex32(salts[1]) : null,
    commitFrames: tally.commits,
    lastCommitFrameNo: tally.lastCommitFrameNo,
    databasePagesAfterLastCommit: tally.sizeAfterLastCommit,
  };
}

function describeSeed(seed: ChainSeed): string {
  return seed.known ? `from ${seed.from}` : `unknown (${seed.why}): only the chain within the batch is checked`;
}

/**
 * A batch object decompressed as it streams (bounded by its name's frames, or by the writer's
 * default batch size when the name gives none): every frame header, the checksum chain from the
 * seed (or within the batch alone when the seed is unknown), its size against its name.
 */
export async function inspectBatch(input: BatchInput): Promise<BatchInspection> {
  const log = new ProblemLog();
  const range = rangeOf(input.named);
  const read = await readBatch(input, range, log);
  batchProblems(read, range, input.seed, log);
  const { tally, trailing } = read;
  const { namedFrames } = range;
  const expected = namedFrames === null ? null : BigInt(namedFrames * frameSizeOf(read));
  return {
    header: batchHeader(input, range, read),
    expectedSize: input.compression === 'raw' ? expected : null,
    nameAgrees: namedFrames === null ? null : tally.frames === namedFrames && trailing === 0,
    checksum: {
      stored: null,
      computed: null,
      ok: tally.frames === 0 ? null : tally.brokenAtFrame === null,
      brokenAtFrame: tally.brokenAtFrame,
    },
    problems: log,
    frames: tally.list,
  };
}
