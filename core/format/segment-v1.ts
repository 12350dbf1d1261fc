import { crc32 } from 'node:zlib';
import { needBytes } from './need-bytes.js';
import { PAGE_SIZE, viewOf } from './frame.js';
import { uuidFromLeBytes, uuidToLeBytes } from './uuid.js';

/** Compacted segment format v1 of later libsql-wal releases (FORMAT.md §5). */
export const V1_HEADER_SIZE = 56;
export const V1_FRAME_HEADER_SIZE = 20;
export const V1_FRAME_SIZE = V1_FRAME_HEADER_SIZE + PAGE_SIZE;
/** "LIBSQL\0\0" read as a big-endian u64; stored little-endian like every integer. */
export const V1_MAGIC = 0x4c494253514c0000n;
export const V1_FLAG_LAST_FRAME = 1;

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

export function hasV1Magic(head: Uint8Array): boolean {
  return head.length >= 8 && viewOf(head).getBigUint64(0, true) === V1_MAGIC;
}

export function decodeV1Header(bytes: Uint8Array): V1Header {
  needBytes(bytes, V1_HEADER_SIZE, 'a v1 segment header');
  const view = viewOf(bytes);
  return {
    magic: view.getBigUint64(0, true),
    version: view.getUint16(8, true),
    logId: uuidFromLeBytes(bytes.subarray(10, 26)),
    startFrameNo: view.getBigUint64(26, true),
    endFrameNo: view.getBigUint64(34, true),
    sizeAfter: view.getUint32(42, true),
    pageSize: view.getUint16(46, true),
    timestampMs: view.getBigUint64(48, true),
  };
}

export function encodeV1Header(header: Omit<V1Header, 'magic'>): Uint8Array {
  const bytes = new Uint8Array(V1_HEADER_SIZE);
  const view = viewOf(bytes);
  view.setBigUint64(0, V1_MAGIC, true);
  view.setUint16(8, header.version, true);
  bytes.set(uuidToLeBytes(header.logId), 10);
  view.setBigUint64(26, header.startFrameNo, true);
  view.setBigUint64(34, header.endFrameNo, true);
  view.setUint32(42, header.sizeAfter, true);
  view.setUint16(46, header.pageSize, true);
  view.setBigUint64(48, header.timestampMs, true);
  return bytes;
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

export interface V1FrameInput {
  pageNo: number;
  frameNo: bigint;
  page: Uint8Array;
}

/** Builds a v1 file (used by tests and fixtures): the last frame carries the last-frame flag. */
export function encodeV1Segment(header: Omit<V1Header, 'magic'>, frames: readonly V1FrameInput[]): Uint8Array {
  const head = encodeV1Header(header);
  const bytes = new Uint8Array(V1_HEADER_SIZE + frames.length * V1_FRAME_SIZE);
  bytes.set(head);
  const view = viewOf(bytes);
  let checksum = crc32(head);
  frames.forEach((frame, i) => {
    const at = V1_HEADER_SIZE + i * V1_FRAME_SIZE;
    view.setUint32(at, i === frames.length - 1 ? V1_FLAG_LAST_FRAME : 0, true);
    view.setUint32(at + 4, frame.pageNo, true);
    view.setBigUint64(at + 8, frame.frameNo, true);
    bytes.set(frame.page, at + V1_FRAME_HEADER_SIZE);
    checksum = v1FrameChecksum(checksum, bytes.subarray(at, at + V1_FRAME_SIZE));
    view.setUint32(at + 16, checksum, true);
  });
  return bytes;
}
