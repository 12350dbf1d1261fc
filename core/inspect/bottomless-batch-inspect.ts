import { isSegscopeError } from '../errors.js';
import type { BatchKey, BottomlessCompression } from '../format/bottomless-batch-key.js';
import { BatchFrameReader, type BatchReadState, type ByteOrder } from '../format/bottomless-batch.js';
import type { GenerationMeta } from '../format/bottomless-meta.js';
import { ProblemLog } from '../format/problem.js';
import { hex32 } from '../format/hex32.js';
import { viewOf } from '../format/byte-fields.js';
import { u32 } from '../format/header-fields.js';
import { SQLITE_WAL_FRAME_HEADER, SQLITE_WAL_FRAME_HEADER_SIZE, walFrameChecksum } from '../format/sqlite-wal.js';
import type { GenerationsBucket } from '../layouts/bottomless-generations.js';
import type { ChecksumStatus, FrameInfo, HeaderFields } from '../model/file-format.js';
import type { ChainSeed } from './bottomless-chain-seed.js';
import { peekBytes } from './peek-bytes.js';

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

class FrameTally {
  frames = 0;
  commits = 0;
  lastCommitFrameNo: number | null = null;
  sizeAfterLastCommit: number | null = null;
  firstSalts: readonly [number, number] | null = null;
  saltsDiffer = 0;
  brokenAtFrame: number | null = null;
  lastFrameNo: number | null = null;
  readonly list: FrameInfo[] = [];
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
  const { named, meta, seed } = input;
  const log = new ProblemLog();
  const firstFrameNo = named && named.firstFrameNo >= 1 ? named.firstFrameNo : 1;
  const namedFrames =
    named && named.lastFrameNo >= named.firstFrameNo ? named.lastFrameNo - named.firstFrameNo + 1 : null;
  const bound = {
    key: input.key,
    firstFrameNo,
    lastFrameNo: firstFrameNo + (namedFrames ?? UNNAMED_MAX_FRAMES) - 1,
    timestampSecs: named?.timestampSecs ?? 0,
    compression: input.compression,
    name: input.key,
    size: input.compressedBytes,
    generation: '',
  };
  const tally = new FrameTally();
  let pageSize = meta?.pageSize ?? null;
  let pageSizeFrom = meta ? '.meta' : 'inferred from the frames';
  let uncompressed = 0;
  let trailing = 0;
  let order: ByteOrder | null = seed.known ? seed.order : null;
  try {
    const peeked = await peekBytes(input.bucket.batchBytes(bound, pageSize ?? 65536), 2 * LARGEST_FRAME);
    if (pageSize === null) {
      pageSize = inferPageSize(peeked.head, peeked.ended, namedFrames);
      if (pageSize === null) {
        pageSize = 4096;
        pageSizeFrom = 'assumed (no .meta beside it, and the frames do not tell)';
        log.warn(
          'BAD_PAGE_SIZE',
          `no .meta beside ${input.key} and its frames do not tell their page size; read as 4096`,
        );
      }
    }
    const state: BatchReadState = seed.known
      ? { checksum: seed.checksum, order: seed.order }
      : { checksum: { s0: 0, s1: 0 }, order: null };
    const reader = new BatchFrameReader(firstFrameNo, pageSize, state, (frame) => {
      // Without the seed the first frame's sums cannot be checked; the chain is checked from them on.
      const ok = seed.known || frame.frameNo !== firstFrameNo ? frame.checksumOk : null;
      if (ok === false) tally.brokenAtFrame ??= frame.frameNo;
      tally.frames++;
      tally.lastFrameNo = frame.frameNo;
      if (frame.sizeAfter !== 0) {
        tally.commits++;
        tally.lastCommitFrameNo = frame.frameNo;
        tally.sizeAfterLastCommit = frame.sizeAfter;
      }
      tally.firstSalts ??= frame.salts;
      if (frame.salts[0] !== tally.firstSalts[0] || frame.salts[1] !== tally.firstSalts[1]) tally.saltsDiffer++;
      if (input.collectFrames)
        tally.list.push({
          index: tally.frames - 1,
          frameNo: BigInt(frame.frameNo),
          pageNo: frame.pageNo,
          sizeAfter: frame.sizeAfter,
          salts: [frame.salts[0], frame.salts[1]],
          checksum: [frame.stored.s0, frame.stored.s1],
          checksumOk: ok,
        });
    });
    for await (const chunk of peeked.all) {
      uncompressed += chunk.length;
      reader.push(chunk);
    }
    trailing = reader.finish().trailingBytes;
    order = state.order;
  } catch (error) {
    if (!isSegscopeError(error)) throw error;
    log.add(error.code, `${error.message}; ${tally.frames} whole frame(s) read before it`);
  }
  const frameSize = SQLITE_WAL_FRAME_HEADER_SIZE + (pageSize ?? 4096);
  if (tally.brokenAtFrame !== null)
    log.add(
      'CHECKSUM_MISMATCH',
      `frame ${tally.brokenAtFrame} breaks the checksum chain (${describeSeed(seed)}); ` +
        'a restore stops before it unless --allow-gaps',
    );
  if (trailing > 0)
    log.add(
      'TRAILING_DATA',
      `the batch ends with ${trailing} bytes that are no whole ${frameSize}-byte frame`,
      trailing < SQLITE_WAL_FRAME_HEADER_SIZE ? 'warning' : 'error',
    );
  if (tally.saltsDiffer > 0)
    log.warn('HEADER_MISMATCH', `${tally.saltsDiffer} frame(s) carry salts other than the batch's first frame's`);
  const nameAgrees = namedFrames === null ? null : tally.frames === namedFrames && trailing === 0;
  if (namedFrames !== null && tally.frames !== namedFrames && !log.has('DECOMPRESSION_FAILED') && !log.has('TOO_LARGE'))
    log.add(
      tally.frames < namedFrames ? 'TRUNCATED_SEGMENT' : 'HEADER_MISMATCH',
      `the name says ${namedFrames} frame(s) (${firstFrameNo}..${firstFrameNo + namedFrames - 1}) but the batch ` +
        `holds ${tally.frames}`,
    );
  const salts = tally.firstSalts;
  const header: HeaderFields = {
    frameCount: BigInt(tally.frames),
    segmentId: null,
    startFrameNo: BigInt(firstFrameNo),
    endFrameNo: BigInt(tally.lastFrameNo ?? firstFrameNo - 1),
    namedEndFrameNo: named ? named.lastFrameNo : null,
    flushedAt: named ? new Date(named.timestampSecs * 1000).toISOString() : null,
    compression: input.compression,
    compressedBytes: input.compressedBytes,
    uncompressedBytes: BigInt(uncompressed),
    pageSize,
    pageSizeFrom,
    chainSeed: describeSeed(seed),
    checksumWords: order === null ? 'unknown' : order === 'be' ? 'big-endian' : 'little-endian',
    salt1: salts ? hex32(salts[0]) : null,
    salt2: salts ? hex32(salts[1]) : null,
    commitFrames: tally.commits,
    lastCommitFrameNo: tally.lastCommitFrameNo,
    databasePagesAfterLastCommit: tally.sizeAfterLastCommit,
  };
  const expected = namedFrames === null ? null : BigInt(namedFrames * frameSize);
  return {
    header,
    expectedSize: input.compression === 'raw' ? expected : null,
    nameAgrees,
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
