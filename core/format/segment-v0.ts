import { crc32 } from './crc32.js';
import { needBytes } from './need-bytes.js';
import { FRAME_SIZE, type Frame, viewOf, writeFrame } from './frame.js';
import { uuidFromLeBytes, uuidToLeBytes } from './uuid.js';

/** Compacted segment data, format v0: what libsql-wal's fs backend stores (docs/formats/libsql-wal.md). */
export const V0_HEADER_SIZE = 40;
export const V0_FOOTER_SIZE = 4;

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
  return { ...decodeV0Range(bytes), segmentId: uuidFromLeBytes(bytes.subarray(8, 24)) };
}

/** The header without its segment id, whose text form a listing of 100,000 files never shows. */
export function decodeV0Range(bytes: Uint8Array): Omit<V0Header, 'segmentId'> {
  needBytes(bytes, V0_HEADER_SIZE, 'the segment header');
  const view = viewOf(bytes);
  return {
    frameCount: view.getBigUint64(0, true),
    startFrameNo: view.getBigUint64(24, true),
    endFrameNo: view.getBigUint64(32, true),
  };
}

export function encodeV0Header(header: V0Header): Uint8Array {
  const bytes = new Uint8Array(V0_HEADER_SIZE);
  const view = viewOf(bytes);
  view.setBigUint64(0, header.frameCount, true);
  bytes.set(uuidToLeBytes(header.segmentId), 8);
  view.setBigUint64(24, header.startFrameNo, true);
  view.setBigUint64(32, header.endFrameNo, true);
  return bytes;
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
