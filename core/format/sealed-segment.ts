import { needBytes } from './need-bytes.js';
import { viewOf } from './frame.js';

/** A sealed WAL segment (`<ns>:{start:020}.seg`) from libsql-wal's WAL directory (FORMAT.md §5). */
export const SEALED_HEADER_SIZE = 48;
const CHECKSUMMED_BYTES = 36;

export interface SealedHeader {
  startFrameNo: bigint;
  lastCommittedFrameNo: bigint;
  sizeAfter: number;
  indexOffset: bigint;
  indexSize: bigint;
  headerChecksum: bigint;
  flags: number;
}

/** Flag bit 0: the frames are not stored in frame order. */
export const SEALED_FLAG_FRAMES_UNORDERED = 1;

/** The XOR of header bytes 0..36, each taken as a u64. */
export function sealedHeaderChecksum(bytes: Uint8Array): bigint {
  let sum = 0;
  for (let i = 0; i < CHECKSUMMED_BYTES; i++) sum ^= bytes[i] ?? 0;
  return BigInt(sum);
}

export function decodeSealedHeader(bytes: Uint8Array): SealedHeader {
  needBytes(bytes, SEALED_HEADER_SIZE, 'a sealed segment header');
  const view = viewOf(bytes);
  return {
    startFrameNo: view.getBigUint64(0, true),
    lastCommittedFrameNo: view.getBigUint64(8, true),
    sizeAfter: view.getUint32(16, true),
    indexOffset: view.getBigUint64(20, true),
    indexSize: view.getBigUint64(28, true),
    headerChecksum: view.getBigUint64(36, true),
    flags: view.getUint32(44, true),
  };
}

export function encodeSealedHeader(header: Omit<SealedHeader, 'headerChecksum'>): Uint8Array {
  const bytes = new Uint8Array(SEALED_HEADER_SIZE);
  const view = viewOf(bytes);
  view.setBigUint64(0, header.startFrameNo, true);
  view.setBigUint64(8, header.lastCommittedFrameNo, true);
  view.setUint32(16, header.sizeAfter, true);
  view.setBigUint64(20, header.indexOffset, true);
  view.setBigUint64(28, header.indexSize, true);
  view.setBigUint64(36, sealedHeaderChecksum(bytes), true);
  view.setUint32(44, header.flags, true);
  return bytes;
}

/** True when the first 48 bytes carry a valid sealed-header checksum. */
export function looksSealed(head: Uint8Array): boolean {
  if (head.length < SEALED_HEADER_SIZE) return false;
  return viewOf(head).getBigUint64(36, true) === sealedHeaderChecksum(head);
}
