import { type Crc64, crc64WithInitialInto } from './crc64.js';
import { PAGE_SIZE } from './frame.js';
import { u32le, u64le } from './byte-fields.js';

/**
 * The frame of sqld's replication log and of its snapshots (libsql-replication's FrameHeader):
 * little-endian frame_no u64, checksum u64, page_no u32, size_after u32, then the 4096-byte page.
 * Frame numbers are global to the log: they continue across compactions.
 */
export const SQLD_FRAME_HEADER_SIZE = 24;
export const SQLD_FRAME_SIZE = SQLD_FRAME_HEADER_SIZE + PAGE_SIZE;

export interface SqldFrame {
  frameNo: bigint;
  checksum: bigint;
  pageNo: number;
  sizeAfter: number;
  page: Uint8Array;
}

export function sqldFrameNo(bytes: Uint8Array, at: number): bigint {
  return u64le(bytes, at);
}

/** The stored checksum as two halves, without a bigint, written into `out`. */
export function readStoredCrc(out: Crc64, bytes: Uint8Array, at: number): void {
  out.hi = u32le(bytes, at + 12);
  out.lo = u32le(bytes, at + 8);
}

/** Whether the frame's stored checksum is `crc`. */
export function storedCrcIs(crc: Crc64, bytes: Uint8Array, at: number): boolean {
  return crc.hi === u32le(bytes, at + 12) && crc.lo === u32le(bytes, at + 8);
}

export function sqldFramePageNo(bytes: Uint8Array, at: number): number {
  return u32le(bytes, at + 16);
}

export function sqldFrameSizeAfter(bytes: Uint8Array, at: number): number {
  return u32le(bytes, at + 20);
}

/** The checksum a log frame must carry, into `out`: CRC-64 of its page only, seeded with the previous one. */
export function chainedFrameCrc(out: Crc64, previous: Crc64, bytes: Uint8Array, at: number): void {
  crc64WithInitialInto(out, previous, bytes, at + SQLD_FRAME_HEADER_SIZE, at + SQLD_FRAME_SIZE);
}

export function writeSqldFrame(view: DataView, at: number, frame: SqldFrame): void {
  if (frame.page.length !== PAGE_SIZE) throw new RangeError(`a page is ${PAGE_SIZE} bytes, got ${frame.page.length}`);
  view.setBigUint64(at, frame.frameNo, true);
  view.setBigUint64(at + 8, frame.checksum, true);
  view.setUint32(at + 16, frame.pageNo, true);
  view.setUint32(at + 20, frame.sizeAfter, true);
  new Uint8Array(view.buffer, view.byteOffset + at + SQLD_FRAME_HEADER_SIZE, PAGE_SIZE).set(frame.page);
}
