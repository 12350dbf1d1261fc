import { crc32 } from './crc32.js';
import { needBytes } from './need-bytes.js';
import { FRAME_SIZE, PAGE_SIZE, viewOf, writeFrame } from './frame.js';
import { buildFstMap, pageKey } from './fst.js';
import { uuidFromLeBytes, uuidToLeBytes } from './uuid.js';

/**
 * The segment file `.seg` of released libsql-wal (docs/formats/libsql-wal.md): a 92-byte header, frame slots
 * of a u32 chained checksum plus a Frame, and once sealed an fst index with a CRC after them.
 */
export const LIBSQL_MAGIC = 0x4c494253514c0000n;
export const SEALED_HEADER_SIZE = 92;
export const SLOT_SIZE = 4 + FRAME_SIZE;
const CHECKSUMMED_HEADER_BYTES = 88;

export const SEALED_FLAG_FRAME_UNORDERED = 1;
export const SEALED_FLAG_SEALED = 2;

export interface SealedHeader {
  magic: bigint;
  version: number;
  startFrameNo: bigint;
  lastCommittedFrameNo: bigint;
  /** Frame slots of committed transactions. */
  frameCount: bigint;
  sizeAfter: number;
  indexOffset: bigint;
  indexSize: bigint;
  flags: number;
  salt: number;
  pageSize: number;
  logId: string;
  sealedAtMs: bigint;
  headerChecksum: number;
}

export function sealedHeaderChecksum(header: Uint8Array): number {
  return crc32(header.subarray(0, CHECKSUMMED_HEADER_BYTES));
}

export function decodeSealedHeader(bytes: Uint8Array): SealedHeader {
  needBytes(bytes, SEALED_HEADER_SIZE, 'a segment (.seg) header');
  const view = viewOf(bytes);
  return {
    magic: view.getBigUint64(0, true),
    version: view.getUint16(8, true),
    startFrameNo: view.getBigUint64(10, true),
    lastCommittedFrameNo: view.getBigUint64(18, true),
    frameCount: view.getBigUint64(26, true),
    sizeAfter: view.getUint32(34, true),
    indexOffset: view.getBigUint64(38, true),
    indexSize: view.getBigUint64(46, true),
    flags: view.getUint32(54, true),
    salt: view.getUint32(58, true),
    pageSize: view.getUint16(62, true),
    logId: uuidFromLeBytes(bytes.subarray(64, 80)),
    sealedAtMs: view.getBigUint64(80, true),
    headerChecksum: view.getUint32(88, true),
  };
}

/** Writes the header with its checksum computed (the stored one in `header` is ignored). */
export function encodeSealedHeader(header: Omit<SealedHeader, 'headerChecksum' | 'magic'>): Uint8Array {
  const bytes = new Uint8Array(SEALED_HEADER_SIZE);
  const view = viewOf(bytes);
  view.setBigUint64(0, LIBSQL_MAGIC, true);
  view.setUint16(8, header.version, true);
  view.setBigUint64(10, header.startFrameNo, true);
  view.setBigUint64(18, header.lastCommittedFrameNo, true);
  view.setBigUint64(26, header.frameCount, true);
  view.setUint32(34, header.sizeAfter, true);
  view.setBigUint64(38, header.indexOffset, true);
  view.setBigUint64(46, header.indexSize, true);
  view.setUint32(54, header.flags, true);
  view.setUint32(58, header.salt, true);
  view.setUint16(62, header.pageSize, true);
  bytes.set(uuidToLeBytes(header.logId), 64);
  view.setBigUint64(80, header.sealedAtMs, true);
  view.setUint32(88, sealedHeaderChecksum(bytes), true);
  return bytes;
}

/** True when the bytes start with the magic, version 1, page size 4096 and a valid header CRC. */
export function looksSealed(head: Uint8Array): boolean {
  if (head.length < SEALED_HEADER_SIZE) return false;
  const view = viewOf(head);
  return (
    view.getBigUint64(0, true) === LIBSQL_MAGIC &&
    view.getUint16(8, true) === 1 &&
    view.getUint16(62, true) === PAGE_SIZE &&
    view.getUint32(88, true) === sealedHeaderChecksum(head)
  );
}

/** Slot i's checksum continues the chain over its 4112 Frame bytes; slot 0 starts from the salt. */
export function slotChecksum(previous: number, frame: Uint8Array): number {
  return crc32(frame, previous);
}

export function slotOffset(slot: number): number {
  return SEALED_HEADER_SIZE + slot * SLOT_SIZE;
}

export interface PageWrite {
  pageNo: number;
  page: Uint8Array;
}

export interface SealedTransaction {
  /** Distinct pages (a page written twice in one transaction keeps one slot, as libsql-wal does). */
  pages: readonly PageWrite[];
  /** Database size in pages after the commit. */
  sizeAfter: number;
}

export interface SealedSegmentInput {
  startFrameNo: bigint;
  salt: number;
  logId: string;
  transactions: readonly SealedTransaction[];
  /** When it was sealed (ms); null writes the segment as a crash leaves the current one. */
  sealedAtMs: bigint | null;
  /** Frames of a transaction that never committed, after the committed ones. */
  uncommitted?: readonly PageWrite[];
  frameUnordered?: boolean;
}

/**
 * Writes a segment as libsql-wal's writer does (L:segment/current.rs): frame numbers follow the
 * slots, only a transaction's last frame carries size_after, and sealing appends the fst index
 * (page → slot of its newest frame) and a CRC-32 of it that continues the chain.
 */
export function encodeSealedSegment(input: SealedSegmentInput): Uint8Array {
  const committed = input.transactions.reduce((n, tx) => n + tx.pages.length, 0);
  const tail = input.uncommitted ?? [];
  const slots = committed + tail.length;
  const frames = new Uint8Array(slots * SLOT_SIZE);
  const view = viewOf(frames);
  const newest = new Map<number, number>();
  let chain = input.salt;
  let slot = 0;
  let lastCommitted = 0n;
  let sizeAfter = 0;
  const put = (write: PageWrite, commitSize: number): void => {
    const at = slot * SLOT_SIZE;
    const frameNo = input.startFrameNo + BigInt(slot);
    writeFrame(view, at + 4, { pageNo: write.pageNo, sizeAfter: commitSize, frameNo, page: write.page });
    chain = slotChecksum(chain, frames.subarray(at + 4, at + SLOT_SIZE));
    view.setUint32(at, chain, true);
    slot++;
  };
  for (const tx of input.transactions) {
    tx.pages.forEach((write, i) => {
      newest.set(write.pageNo, slot);
      put(write, i === tx.pages.length - 1 ? tx.sizeAfter : 0);
    });
    lastCommitted = input.startFrameNo + BigInt(slot - 1);
    sizeAfter = tx.sizeAfter;
  }
  const committedChain = chain;
  for (const write of tail) put(write, 0);

  const sealed = input.sealedAtMs !== null;
  const index = sealed
    ? buildFstMap(
        [...newest.entries()]
          .sort((a, b) => a[0] - b[0])
          .map(([pageNo, at]) => ({ key: pageKey(pageNo), value: BigInt(at) })),
      )
    : new Uint8Array(0);
  // Sealing writes the index right after the committed slots (over any uncommitted tail).
  const bodySlots = sealed ? committed : slots;
  const indexOffset = sealed ? BigInt(slotOffset(committed)) : 0n;
  const flags = (input.frameUnordered ? SEALED_FLAG_FRAME_UNORDERED : 0) | (sealed ? SEALED_FLAG_SEALED : 0);
  const header = encodeSealedHeader({
    version: 1,
    startFrameNo: input.startFrameNo,
    lastCommittedFrameNo: lastCommitted,
    frameCount: BigInt(committed),
    sizeAfter,
    indexOffset,
    indexSize: BigInt(index.length),
    flags,
    salt: input.salt,
    pageSize: PAGE_SIZE,
    logId: input.logId,
    sealedAtMs: input.sealedAtMs ?? 0n,
  });
  const out = new Uint8Array(SEALED_HEADER_SIZE + bodySlots * SLOT_SIZE + (sealed ? index.length + 4 : 0));
  out.set(header);
  out.set(frames.subarray(0, bodySlots * SLOT_SIZE), SEALED_HEADER_SIZE);
  if (sealed) {
    const at = SEALED_HEADER_SIZE + bodySlots * SLOT_SIZE;
    out.set(index, at);
    viewOf(out).setUint32(at + index.length, crc32(index, committedChain), true);
  }
  return out;
}
