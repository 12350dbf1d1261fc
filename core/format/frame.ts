import type { FrameHeader } from '../model/file-format.js';
import { u32le, viewOf } from './byte-fields.js';

/** The frame layout shared by compacted v0 segments and sealed `.seg` files (docs/formats/libsql-wal.md). */
export const PAGE_SIZE = 4096;
export const FRAME_HEADER_SIZE = 16;
export const FRAME_SIZE = FRAME_HEADER_SIZE + PAGE_SIZE;

export interface Frame extends FrameHeader {
  page: Uint8Array;
}

/**
 * The frame header at `at` of `bytes` with the frame's position in its file, as one object:
 * scanners meet a quarter of a million frames a GiB, and a DataView and a spread copy a frame
 * were a third of a restore's JavaScript. `view` spans `bytes`, made once for a batch of frames.
 */
export function frameAt(
  bytes: Uint8Array,
  at: number,
  index: number,
  view = viewOf(bytes),
): FrameHeader & { index: number } {
  return { index, pageNo: u32le(bytes, at), sizeAfter: u32le(bytes, at + 4), frameNo: view.getBigUint64(at + 8, true) };
}

export function writeFrame(view: DataView, offset: number, frame: Frame): void {
  if (frame.page.length !== PAGE_SIZE) throw new RangeError(`a page is ${PAGE_SIZE} bytes, got ${frame.page.length}`);
  view.setUint32(offset, frame.pageNo, true);
  view.setUint32(offset + 4, frame.sizeAfter, true);
  view.setBigUint64(offset + 8, frame.frameNo, true);
  new Uint8Array(view.buffer, view.byteOffset + offset + FRAME_HEADER_SIZE, PAGE_SIZE).set(frame.page);
}
