import { crc32 } from './crc32.js';
import { FRAME_SIZE, PAGE_SIZE, viewOf, writeFrame } from './frame.js';
import { needBytes } from './need-bytes.js';
import { LIBSQL_MAGIC, type PageWrite } from './sealed-segment.js';
import { uuidFromLeBytes, uuidToLeBytes } from './uuid.js';

/**
 * The compacted segment of the crates.io release 0.1.0-alpha.1 (docs/formats/libsql-wal.md): a 60-byte
 * header, one 4112-byte Frame per page in ascending page order, and a CRC-32 footer.
 */
export const ALPHA1_HEADER_SIZE = 60;
export const ALPHA1_FOOTER_SIZE = 4;

export interface Alpha1Header {
  magic: bigint;
  version: number;
  frameCount: number;
  segmentId: string;
  startFrameNo: bigint;
  endFrameNo: bigint;
  sizeAfter: number;
  pageSize: number;
  timestampMs: bigint;
}

export function alpha1ExpectedSize(frameCount: number): bigint {
  return BigInt(ALPHA1_HEADER_SIZE + ALPHA1_FOOTER_SIZE) + BigInt(FRAME_SIZE) * BigInt(frameCount);
}

export function decodeAlpha1Header(bytes: Uint8Array): Alpha1Header {
  needBytes(bytes, ALPHA1_HEADER_SIZE, 'a compacted (alpha.1) header');
  const view = viewOf(bytes);
  return {
    magic: view.getBigUint64(0, true),
    version: view.getUint16(8, true),
    frameCount: view.getUint32(10, true),
    segmentId: uuidFromLeBytes(bytes.subarray(14, 30)),
    startFrameNo: view.getBigUint64(30, true),
    endFrameNo: view.getBigUint64(38, true),
    sizeAfter: view.getUint32(46, true),
    pageSize: view.getUint16(50, true),
    timestampMs: view.getBigUint64(52, true),
  };
}

export function encodeAlpha1Header(header: Omit<Alpha1Header, 'magic'>): Uint8Array {
  const bytes = new Uint8Array(ALPHA1_HEADER_SIZE);
  const view = viewOf(bytes);
  view.setBigUint64(0, LIBSQL_MAGIC, true);
  view.setUint16(8, header.version, true);
  view.setUint32(10, header.frameCount, true);
  bytes.set(uuidToLeBytes(header.segmentId), 14);
  view.setBigUint64(30, header.startFrameNo, true);
  view.setBigUint64(38, header.endFrameNo, true);
  view.setUint32(46, header.sizeAfter, true);
  view.setUint16(50, header.pageSize, true);
  view.setBigUint64(52, header.timestampMs, true);
  return bytes;
}

/** True when the header's page size and either the size or the footer CRC say alpha.1. */
export function looksAlpha1(head: Uint8Array, size: bigint): boolean {
  if (head.length < ALPHA1_HEADER_SIZE) return false;
  const view = viewOf(head);
  return view.getUint16(50, true) === PAGE_SIZE && size === alpha1ExpectedSize(view.getUint32(10, true));
}

export interface CompactedFrame extends PageWrite {
  frameNo: bigint;
}

export interface CompactedInput {
  segmentId: string;
  startFrameNo: bigint;
  endFrameNo: bigint;
  sizeAfter: number;
  timestampMs: bigint;
  /** One per page, newest version, in ascending page order. */
  frames: readonly CompactedFrame[];
}

/** Writes what P's `SealedSegment::compact` writes: size_after is 0 in every frame. */
export function encodeAlpha1Segment(input: CompactedInput): Uint8Array {
  const out = new Uint8Array(Number(alpha1ExpectedSize(input.frames.length)));
  out.set(
    encodeAlpha1Header({
      version: 1,
      frameCount: input.frames.length,
      segmentId: input.segmentId,
      startFrameNo: input.startFrameNo,
      endFrameNo: input.endFrameNo,
      sizeAfter: input.sizeAfter,
      pageSize: PAGE_SIZE,
      timestampMs: input.timestampMs,
    }),
  );
  const view = viewOf(out);
  input.frames.forEach((frame, i) => writeFrame(view, ALPHA1_HEADER_SIZE + i * FRAME_SIZE, { ...frame, sizeAfter: 0 }));
  const bodyEnd = out.length - ALPHA1_FOOTER_SIZE;
  view.setUint32(bodyEnd, crc32(out.subarray(0, bodyEnd)), true);
  return out;
}
