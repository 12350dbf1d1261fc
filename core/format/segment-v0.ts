import { crc32 } from './crc32.js';
import { FRAME_SIZE, type Frame, writeFrame } from './frame.js';
import { viewOf } from './byte-fields.js';
import { decodeHeader, decodeHeaderNumbers, encodeHeader, field, headerTable } from './header-fields.js';

/** Compacted segment data, format v0: what libsql-wal's fs backend stores (docs/formats/libsql-wal.md). */
export const V0_HEADER_SIZE = 40;
export const V0_FOOTER_SIZE = 4;

const V0_HEADER = headerTable('the segment header', V0_HEADER_SIZE, {
  frameCount: field(0, 'u64'),
  startFrameNo: field(24, 'u64'),
  endFrameNo: field(32, 'u64'),
  segmentId: field(8, 'uuid'),
});

export interface V0Header {
  frameCount: bigint;
  /** The UUID in its usual text form. */
  segmentId: string;
  startFrameNo: bigint;
  endFrameNo: bigint;
}

export function v0ExpectedSize(frameCount: bigint): bigint {
  return BigInt(V0_HEADER_SIZE + V0_FOOTER_SIZE) + BigInt(FRAME_SIZE) * frameCount;
}

export function decodeV0Header(bytes: Uint8Array): V0Header {
  return decodeHeader(V0_HEADER, bytes);
}

/** The header without its segment id, whose text form a listing of 100,000 files never shows. */
export function decodeV0Range(bytes: Uint8Array): Omit<V0Header, 'segmentId'> {
  return decodeHeaderNumbers(V0_HEADER, bytes);
}

export function encodeV0Header(header: V0Header): Uint8Array {
  return encodeHeader(V0_HEADER, header);
}

export interface V0SegmentInput {
  segmentId: string;
  startFrameNo: bigint;
  endFrameNo: bigint;
  /** Written in the order given: callers that want a well-formed segment sort by page number. */
  frames: readonly Frame[];
}

/** Builds a complete v0 file: header, frames, CRC-32 footer over everything before it. */
export function encodeV0Segment(input: V0SegmentInput): Uint8Array {
  const frameCount = input.frames.length;
  const size = Number(v0ExpectedSize(BigInt(frameCount)));
  const bytes = new Uint8Array(size);
  bytes.set(
    encodeV0Header({
      frameCount: BigInt(frameCount),
      segmentId: input.segmentId,
      startFrameNo: input.startFrameNo,
      endFrameNo: input.endFrameNo,
    }),
  );
  const view = viewOf(bytes);
  input.frames.forEach((frame, i) => writeFrame(view, V0_HEADER_SIZE + i * FRAME_SIZE, frame));
  const bodyEnd = size - V0_FOOTER_SIZE;
  view.setUint32(bodyEnd, crc32(bytes.subarray(0, bodyEnd)), true);
  return bytes;
}
