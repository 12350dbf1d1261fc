import { crc32 } from './crc32.js';
import { FRAME_SIZE, PAGE_SIZE, writeFrame } from './frame.js';
import { viewOf } from './byte-fields.js';
import { LIBSQL_MAGIC, type PageWrite } from './sealed-segment.js';
import { decodeHeader, encodeHeader, field, headerTable, u16, u32 } from './header-fields.js';

/**
 * The compacted segment of the crates.io release 0.1.0-alpha.1 (docs/formats/libsql-wal.md): a 60-byte
 * header, one 4112-byte Frame per page in ascending page order, and a CRC-32 footer.
 */
export const ALPHA1_HEADER_SIZE = 60;
export const ALPHA1_FOOTER_SIZE = 4;

export const ALPHA1_HEADER = headerTable('a compacted (alpha.1) header', ALPHA1_HEADER_SIZE, {
  magic: field(0, 'u64'),
  version: field(8, 'u16'),
  frameCount: field(10, 'u32'),
  segmentId: field(14, 'uuid'),
  startFrameNo: field(30, 'u64'),
  endFrameNo: field(38, 'u64'),
  sizeAfter: field(46, 'u32'),
  pageSize: field(50, 'u16'),
  timestampMs: field(52, 'u64'),
});

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
  return decodeHeader(ALPHA1_HEADER, bytes);
}

function encodeAlpha1Header(header: Omit<Alpha1Header, 'magic'>): Uint8Array {
  return encodeHeader(ALPHA1_HEADER, { ...header, magic: LIBSQL_MAGIC });
}

/** True when the header's page size and either the size or the footer CRC say alpha.1. */
export function looksAlpha1(head: Uint8Array, size: bigint): boolean {
  if (head.length < ALPHA1_HEADER_SIZE) return false;
  const view = viewOf(head);
  const { pageSize, frameCount } = ALPHA1_HEADER.fields;
  return u16(view, pageSize) === PAGE_SIZE && size === alpha1ExpectedSize(u32(view, frameCount));
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
