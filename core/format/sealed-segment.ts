import { crc32 } from './crc32.js';
import type { HeaderFields } from '../model/file-format.js';
import { isoFromMs } from './recorded-time.js';
import { FRAME_SIZE, PAGE_SIZE, writeFrame } from './frame.js';
import { viewOf } from './byte-fields.js';
import { buildFstMap } from './fst-builder.js';
import { pageKey } from './fst-encoding.js';
import { decodeHeader, encodeHeader, field, headerTable, u16, u32, u64 } from './header-fields.js';

/**
 * The segment file `.seg` of released libsql-wal (docs/formats/libsql-wal.md): a 92-byte header, frame slots
 * of a u32 chained checksum plus a Frame, and once sealed an fst index with a CRC after them.
 */
export const LIBSQL_MAGIC = 0x4c494253514c0000n;
export const SEALED_HEADER_SIZE = 92;
export const SLOT_SIZE = 4 + FRAME_SIZE;

/** The header's fields; the CRC-32 at 88 covers the 88 bytes before it. */
export const SEALED_HEADER = headerTable('a segment (.seg) header', SEALED_HEADER_SIZE, {
  magic: field(0, 'u64'),
  version: field(8, 'u16'),
  startFrameNo: field(10, 'u64'),
  lastCommittedFrameNo: field(18, 'u64'),
  frameCount: field(26, 'u64'),
  sizeAfter: field(34, 'u32'),
  indexOffset: field(38, 'u64'),
  indexSize: field(46, 'u64'),
  flags: field(54, 'u32'),
  salt: field(58, 'u32'),
  pageSize: field(62, 'u16'),
  logId: field(64, 'uuid'),
  sealedAtMs: field(80, 'u64'),
  headerChecksum: field(88, 'u32'),
});
export const SEALED = SEALED_HEADER.fields;
const CHECKSUMMED_HEADER_BYTES = SEALED.headerChecksum.offset;

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
  return decodeHeader(SEALED_HEADER, bytes);
}

/** Writes the header with its checksum computed (the stored one in `header` is ignored). */
export function encodeSealedHeader(header: Omit<SealedHeader, 'headerChecksum' | 'magic'>): Uint8Array {
  const bytes = encodeHeader(SEALED_HEADER, { ...header, magic: LIBSQL_MAGIC, headerChecksum: 0 });
  viewOf(bytes).setUint32(SEALED.headerChecksum.offset, sealedHeaderChecksum(bytes), true);
  return bytes;
}

/** True when the bytes start with the magic, version 1, page size 4096 and a valid header CRC. */
export function looksSealed(head: Uint8Array): boolean {
  if (head.length < SEALED_HEADER_SIZE) return false;
  const view = viewOf(head);
  return (
    u64(view, SEALED.magic) === LIBSQL_MAGIC &&
    u16(view, SEALED.version) === 1 &&
    u16(view, SEALED.pageSize) === PAGE_SIZE &&
    u32(view, SEALED.headerChecksum) === sealedHeaderChecksum(head)
  );
}

/** The header as inspect shows it, with the flags spelled out and the seal time as a date. */
export function sealedHeaderFields(h: SealedHeader): HeaderFields {
  return {
    frameCount: h.frameCount,
    segmentId: h.logId,
    startFrameNo: h.startFrameNo,
    endFrameNo: h.lastCommittedFrameNo,
    magic: `0x${h.magic.toString(16)}`,
    version: h.version,
    lastCommittedFrameNo: h.lastCommittedFrameNo,
    sizeAfter: h.sizeAfter,
    indexOffset: h.indexOffset,
    indexSize: h.indexSize,
    flags: h.flags,
    frameUnordered: (h.flags & SEALED_FLAG_FRAME_UNORDERED) !== 0,
    sealed: (h.flags & SEALED_FLAG_SEALED) !== 0,
    salt: h.salt,
    pageSize: h.pageSize,
    logId: h.logId,
    sealedAt: isoFromMs(h.sealedAtMs),
    sealedAtMs: h.sealedAtMs,
    headerChecksum: h.headerChecksum,
  };
}

/** Slot i's checksum continues the chain over its 4112 Frame bytes; slot 0 starts from the salt. */
export function slotChecksum(previous: number, frame: Uint8Array): number {
  return crc32(frame, previous);
}

function slotOffset(slot: number): number {
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
