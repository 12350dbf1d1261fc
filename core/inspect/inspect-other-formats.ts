import { crc32 } from 'node:zlib';
import type { HeaderFields } from '../api/types.js';
import { FRAME_SIZE, readFrameHeader, viewOf } from '../format/frame.js';
import type { Problem } from '../format/problem.js';
import { RecordStream } from '../format/record-stream.js';
import { SEALED_FLAG_FRAMES_UNORDERED, SEALED_HEADER_SIZE, decodeSealedHeader } from '../format/sealed-segment.js';
import type { FrameInfo } from '../format/segment-v0-verifier.js';
import {
  V1_FLAG_LAST_FRAME,
  V1_FRAME_SIZE,
  V1_HEADER_SIZE,
  decodeV1Header,
  readV1FrameHeader,
  v1FrameChecksum,
} from '../format/segment-v1.js';
import { readChunks } from './read-chunks.js';

/** What inspecting a sealed or v1 file yields, before the file-level fields are added. */
export interface FormatInspection {
  header: HeaderFields | null;
  expectedSize: bigint | null;
  checksum: { stored: number | null; computed: number | null; ok: boolean | null };
  problems: Problem[];
  frames: FrameInfo[];
}

/** A sealed WAL segment: header, frames up to the index (or the committed ones when unsealed). */
export async function inspectSealed(path: string, size: bigint, collectFrames: boolean): Promise<FormatInspection> {
  const problems: Problem[] = [];
  const frames: FrameInfo[] = [];
  let header: HeaderFields | null = null;
  let frameLimit = 0;
  let expectedSize: bigint | null = null;
  const stream = new RecordStream(
    SEALED_HEADER_SIZE,
    FRAME_SIZE,
    (bytes) => {
      const h = decodeSealedHeader(bytes);
      const sealed = h.indexOffset !== 0n;
      const frameBytes = sealed ? h.indexOffset - BigInt(SEALED_HEADER_SIZE) : null;
      const count = frameBytes !== null ? frameBytes / BigInt(FRAME_SIZE) : h.lastCommittedFrameNo - h.startFrameNo + 1n;
      frameLimit = Number(count < 0n ? 0n : count);
      expectedSize = sealed ? h.indexOffset + h.indexSize : BigInt(SEALED_HEADER_SIZE) + BigInt(FRAME_SIZE) * BigInt(frameLimit);
      header = {
        frameCount: BigInt(frameLimit),
        segmentId: null,
        startFrameNo: h.startFrameNo,
        endFrameNo: h.lastCommittedFrameNo,
        sizeAfter: h.sizeAfter,
        indexOffset: h.indexOffset,
        indexSize: h.indexSize,
        headerChecksum: h.headerChecksum,
        flags: h.flags,
        sealed,
        framesInFrameOrder: (h.flags & SEALED_FLAG_FRAMES_UNORDERED) === 0,
      };
      if (!sealed) {
        problems.push({
          code: 'TRUNCATED_SEGMENT',
          message: 'the segment was never sealed (index offset 0: the writer stopped, e.g. a crash); only its committed frames count',
        });
      }
    },
    (record, index) => {
      if (collectFrames) frames.push({ index, ...readFrameHeader(viewOf(record), 0) });
    },
    Number.MAX_SAFE_INTEGER,
  );
  await readChunks(path, (chunk) => stream.push(chunk));
  if (expectedSize !== null && size < expectedSize) {
    problems.push({ code: 'TRUNCATED_SEGMENT', message: `the file is ${size} bytes but its header implies ${expectedSize}` });
  }
  return {
    header,
    expectedSize,
    checksum: { stored: null, computed: null, ok: null },
    problems,
    frames: frames.slice(0, frameLimit),
  };
}

/** A v1 compacted segment: header, then frames whose CRC-32 chain runs on from the header's. */
export async function inspectV1(path: string, size: bigint, collectFrames: boolean): Promise<FormatInspection> {
  const problems: Problem[] = [];
  const frames: FrameInfo[] = [];
  let header: HeaderFields | null = null;
  let start = 0n;
  let end = 0n;
  let chain = 0;
  let firstBadFrame: number | null = null;
  let lastFlagAt: number | null = null;
  let lastStored: number | null = null;
  const stream = new RecordStream(
    V1_HEADER_SIZE,
    V1_FRAME_SIZE,
    (bytes) => {
      const h = decodeV1Header(bytes);
      start = h.startFrameNo;
      end = h.endFrameNo;
      chain = crc32(bytes);
      header = {
        frameCount: (size - BigInt(V1_HEADER_SIZE)) / BigInt(V1_FRAME_SIZE),
        segmentId: h.logId,
        startFrameNo: h.startFrameNo,
        endFrameNo: h.endFrameNo,
        version: h.version,
        sizeAfter: h.sizeAfter,
        pageSize: h.pageSize,
        timestampMs: h.timestampMs,
      };
      if (h.version !== 1) problems.push({ code: 'NOT_A_SEGMENT', message: `v1 magic but version ${h.version}` });
      if (h.pageSize !== 4096) problems.push({ code: 'NOT_A_SEGMENT', message: `page size ${h.pageSize}, not 4096` });
    },
    (record, index) => {
      const frame = readV1FrameHeader(viewOf(record), 0);
      chain = v1FrameChecksum(chain, record);
      lastStored = frame.checksum;
      if (frame.checksum !== chain && firstBadFrame === null) firstBadFrame = index;
      if (frame.flags & V1_FLAG_LAST_FRAME) lastFlagAt = index;
      if (frame.frameNo < start || frame.frameNo > end) {
        problems.push({ code: 'FRAME_OUT_OF_RANGE', message: `frame ${index} has frame number ${frame.frameNo}, outside ${start}..${end}` });
      }
      if (collectFrames) frames.push({ index, pageNo: frame.pageNo, sizeAfter: 0, frameNo: frame.frameNo });
    },
  );
  await readChunks(path, (chunk) => stream.push(chunk));
  const count = stream.records;
  const expectedSize = BigInt(V1_HEADER_SIZE) + BigInt(V1_FRAME_SIZE) * BigInt(count);
  if (stream.partialRecordBytes > 0) {
    problems.push({
      code: 'TRUNCATED_SEGMENT',
      message: `the last frame is cut off: ${stream.partialRecordBytes} of its ${V1_FRAME_SIZE} bytes are present`,
    });
  }
  if (firstBadFrame !== null) {
    problems.push({ code: 'CHECKSUM_MISMATCH', message: `the CRC-32 chain breaks at frame ${firstBadFrame}: the segment was altered or damaged` });
  }
  if (count > 0 && lastFlagAt !== count - 1) {
    problems.push({ code: 'MISSING_COMMIT_FRAME', message: 'the last frame does not carry the last-frame flag' });
  }
  return {
    header,
    expectedSize: stream.partialRecordBytes > 0 ? expectedSize + BigInt(V1_FRAME_SIZE) : expectedSize,
    checksum: { stored: lastStored, computed: count > 0 ? chain >>> 0 : null, ok: count > 0 ? firstBadFrame === null : null },
    problems,
    frames,
  };
}
