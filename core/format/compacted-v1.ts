import { crc32 } from './crc32.js';
import { PAGE_SIZE } from './frame.js';
import { viewOf } from './byte-fields.js';
import type { CompactedFrame } from './compacted-alpha1.js';
import { LIBSQL_MAGIC } from './sealed-segment.js';
import { decodeHeader, encodeHeader, field, headerTable, u16 } from './header-fields.js';

/** The compacted segment "v1" of libsql-wal's last tree (docs/formats/libsql-wal.md). */
export const V1_HEADER_SIZE = 56;
const V1_FRAME_HEADER_SIZE = 20;
export const V1_FRAME_SIZE = V1_FRAME_HEADER_SIZE + PAGE_SIZE;
export const V1_FLAG_LAST_FRAME = 1;

export const V1_HEADER = headerTable('a v1 segment header', V1_HEADER_SIZE, {
  magic: field(0, 'u64'),
  version: field(8, 'u16'),
  logId: field(10, 'uuid'),
  startFrameNo: field(26, 'u64'),
  endFrameNo: field(34, 'u64'),
  sizeAfter: field(42, 'u32'),
  pageSize: field(46, 'u16'),
  timestampMs: field(48, 'u64'),
});

export interface V1Header {
  magic: bigint;
  version: number;
  logId: string;
  startFrameNo: bigint;
  endFrameNo: bigint;
  sizeAfter: number;
  pageSize: number;
  timestampMs: bigint;
}

export interface V1FrameHeader {
  flags: number;
  pageNo: number;
  frameNo: bigint;
  checksum: number;
}

export function decodeV1Header(bytes: Uint8Array): V1Header {
  return decodeHeader(V1_HEADER, bytes);
}

export function encodeV1Header(header: Omit<V1Header, 'magic'>): Uint8Array {
  return encodeHeader(V1_HEADER, { ...header, magic: LIBSQL_MAGIC });
}

export function readV1FrameHeader(view: DataView, offset: number): V1FrameHeader {
  return {
    flags: view.getUint32(offset, true),
    pageNo: view.getUint32(offset + 4, true),
    frameNo: view.getBigUint64(offset + 8, true),
    checksum: view.getUint32(offset + 16, true),
  };
}

/** A frame's checksum continues the previous one over its first 16 bytes and its page. */
export function v1FrameChecksum(previous: number, frame: Uint8Array): number {
  return crc32(frame.subarray(V1_FRAME_HEADER_SIZE, V1_FRAME_SIZE), crc32(frame.subarray(0, 16), previous));
}

/** Page size 4096 in the header and a first frame whose checksum continues the header's CRC. */
export function looksV1(head: Uint8Array, size: bigint): boolean {
  if (head.length < V1_HEADER_SIZE || u16(viewOf(head), V1_HEADER.fields.pageSize) !== PAGE_SIZE) return false;
  if (size === BigInt(V1_HEADER_SIZE)) return true;
  if (head.length < V1_HEADER_SIZE + V1_FRAME_SIZE) return false;
  const frame = head.subarray(V1_HEADER_SIZE, V1_HEADER_SIZE + V1_FRAME_SIZE);
  return (
    readV1FrameHeader(viewOf(frame), 0).checksum === v1FrameChecksum(crc32(head.subarray(0, V1_HEADER_SIZE)), frame)
  );
}

export interface V1SegmentInput {
  logId: string;
  startFrameNo: bigint;
  endFrameNo: bigint;
  sizeAfter: number;
  timestampMs: bigint;
  frames: readonly CompactedFrame[];
  /**
   * The LAST flag on the final frame, as a segment compacted from one sealed segment has; the
   * wal-toolkit leaves it off a partial range (docs/formats/libsql-wal.md).
   */
  lastFlag?: boolean;
}

/** Writes a v1 segment: each frame's checksum continues the chain from the header's CRC-32. */
export function encodeV1Segment(input: V1SegmentInput): Uint8Array {
  const head = encodeV1Header({
    version: 1,
    logId: input.logId,
    startFrameNo: input.startFrameNo,
    endFrameNo: input.endFrameNo,
    sizeAfter: input.sizeAfter,
    pageSize: PAGE_SIZE,
    timestampMs: input.timestampMs,
  });
  const frames = input.frames;
  const bytes = new Uint8Array(V1_HEADER_SIZE + frames.length * V1_FRAME_SIZE);
  bytes.set(head);
  const view = viewOf(bytes);
  let checksum = crc32(head);
  const lastFlag = input.lastFlag ?? true;
  frames.forEach((frame, i) => {
    const at = V1_HEADER_SIZE + i * V1_FRAME_SIZE;
    view.setUint32(at, lastFlag && i === frames.length - 1 ? V1_FLAG_LAST_FRAME : 0, true);
    view.setUint32(at + 4, frame.pageNo, true);
    view.setBigUint64(at + 8, frame.frameNo, true);
    bytes.set(frame.page, at + V1_FRAME_HEADER_SIZE);
    checksum = v1FrameChecksum(checksum, bytes.subarray(at, at + V1_FRAME_SIZE));
    view.setUint32(at + 16, checksum, true);
  });
  return bytes;
}
