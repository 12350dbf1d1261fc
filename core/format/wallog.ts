import { crc64ToBigInt, crc64FromBigInt, crc64WithInitial } from './crc64.js';
import { PAGE_SIZE } from './frame.js';
import { viewOf } from './byte-fields.js';
import { SQLD_FRAME_SIZE, writeSqldFrame } from './sqld-frame.js';
import { decodeHeader, encodeHeader, field, headerTable, u64 } from './header-fields.js';

/**
 * sqld's replication log `wallog` (and the logs in `to_compact/`) in its default mode: a 64-byte
 * little-endian header, then 4120-byte frames (sqld-frame.ts). Only the first `frame_count`
 * frames are committed; the header is rewritten at every commit.
 */
export const WALLOG_HEADER_SIZE = 64;
/** `SQLDWAL\0` read as a little-endian u64. */
export const WALLOG_MAGIC = 0x004c4157444c5153n;
export const WALLOG_VERSION = 2;

/** Version 2 keeps the creating sqld's version in what version 1 left as padding. */
const WALLOG_HEADER = headerTable("a wallog's header", WALLOG_HEADER_SIZE, {
  magic: field(0, 'u64'),
  startChecksum: field(8, 'u64'),
  logId: field(16, 'uuid'),
  startFrameNo: field(32, 'u64'),
  frameCount: field(40, 'u64'),
  version: field(48, 'u32'),
  pageSize: field(52, 'i32'),
  sqldMajor: field(58, 'u16'),
  sqldMinor: field(60, 'u16'),
  sqldPatch: field(62, 'u16'),
});

export interface WallogHeader {
  magic: bigint;
  startChecksum: bigint;
  logId: string;
  startFrameNo: bigint;
  frameCount: bigint;
  version: number;
  pageSize: number;
  /** `major.minor.patch` of the sqld that created the log; null for version 1's padding. */
  sqldVersion: string | null;
}

export function looksWallog(head: Uint8Array): boolean {
  return head.length >= 8 && u64(viewOf(head), WALLOG_HEADER.fields.magic) === WALLOG_MAGIC;
}

export function decodeWallogHeader(bytes: Uint8Array): WallogHeader {
  const { sqldMajor, sqldMinor, sqldPatch, ...h } = decodeHeader(WALLOG_HEADER, bytes);
  return { ...h, sqldVersion: h.version >= 2 ? `${sqldMajor}.${sqldMinor}.${sqldPatch}` : null };
}

/** The last committed frame number, or null for a log with no committed frame. */
export function wallogEndFrameNo(h: Pick<WallogHeader, 'startFrameNo' | 'frameCount'>): bigint | null {
  return h.frameCount > 0n ? h.startFrameNo + h.frameCount - 1n : null;
}

export function wallogExpectedSize(frameCount: bigint): bigint {
  return BigInt(WALLOG_HEADER_SIZE) + frameCount * BigInt(SQLD_FRAME_SIZE);
}

export interface WallogInput {
  logId: string;
  startFrameNo: bigint;
  startChecksum: bigint;
  /** Each transaction's pages in the order SQLite handed them over; its last frame gets sizeAfter. */
  transactions: readonly { pages: readonly { pageNo: number; page: Uint8Array }[]; sizeAfter: number }[];
  /** Frames written after the committed ones and never committed (a transaction in progress). */
  uncommitted?: readonly { pageNo: number; page: Uint8Array }[];
  sqldVersion?: [number, number, number];
}

/**
 * A log as sqld writes it: frames numbered from `startFrameNo`, each page's CRC-64 chained from
 * `startChecksum`, the header counting the committed frames only. Returns the bytes and the last
 * checksum (the next log's start_checksum after a compaction).
 */
export function encodeWallog(input: WallogInput): {
  bytes: Uint8Array;
  lastChecksum: bigint;
  endFrameNo: bigint | null;
} {
  const committed = input.transactions.reduce((n, tx) => n + tx.pages.length, 0);
  const total = committed + (input.uncommitted?.length ?? 0);
  const bytes = new Uint8Array(WALLOG_HEADER_SIZE + total * SQLD_FRAME_SIZE);
  const view = viewOf(bytes);
  const [sqldMajor, sqldMinor, sqldPatch] = input.sqldVersion ?? [0, 24, 32];
  const header = encodeHeader(WALLOG_HEADER, {
    magic: WALLOG_MAGIC,
    startChecksum: input.startChecksum,
    logId: input.logId,
    startFrameNo: input.startFrameNo,
    frameCount: BigInt(committed),
    version: WALLOG_VERSION,
    pageSize: PAGE_SIZE,
    sqldMajor,
    sqldMinor,
    sqldPatch,
  });
  bytes.set(header);
  let chain = crc64FromBigInt(input.startChecksum);
  let slot = 0;
  let lastCommitted = input.startChecksum;
  const put = (page: { pageNo: number; page: Uint8Array }, sizeAfter: number) => {
    chain = crc64WithInitial(chain, page.page);
    const at = WALLOG_HEADER_SIZE + slot * SQLD_FRAME_SIZE;
    writeSqldFrame(view, at, {
      frameNo: input.startFrameNo + BigInt(slot),
      checksum: crc64ToBigInt(chain),
      pageNo: page.pageNo,
      sizeAfter,
      page: page.page,
    });
    slot++;
  };
  for (const tx of input.transactions) {
    tx.pages.forEach((page, i) => put(page, i === tx.pages.length - 1 ? tx.sizeAfter : 0));
    lastCommitted = crc64ToBigInt(chain);
  }
  for (const page of input.uncommitted ?? []) put(page, 0);
  return {
    bytes,
    lastChecksum: lastCommitted,
    endFrameNo: committed > 0 ? input.startFrameNo + BigInt(committed) - 1n : null,
  };
}
