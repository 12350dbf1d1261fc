import { decodeAlpha1Header, alpha1ExpectedSize } from './compacted-alpha1.js';
import { V1_FRAME_SIZE, V1_HEADER_SIZE, decodeV1Header } from './compacted-v1.js';
import { type FileProbe, detectFormat } from './detect.js';
import { PAGE_SIZE } from './frame.js';
import { viewOf } from './byte-fields.js';
import { u32, u64 } from './header-fields.js';
import { decodeDraftHeader } from './sealed-draft.js';
import { SEALED, SEALED_FLAG_SEALED, looksSealed } from './sealed-segment.js';
import type { FileFormat } from '../model/file-format.js';
import type { SegmentStatus } from '../model/segment-status.js';
import { V0_HEADER_SIZE, decodeV0Range, v0ExpectedSize } from './segment-v0.js';
import { snapshotExpectedSize, snapshotNumbers } from './sqld-snapshot.js';
import { WALLOG_MAGIC, decodeWallogHeader, wallogExpectedSize } from './wallog.js';
import { SQLITE_WAL_FRAME_HEADER_SIZE, SQLITE_WAL_HEADER_SIZE, decodeSqliteWalHeader } from './sqlite-wal.js';

export interface QuickLook {
  format: FileFormat;
  status: SegmentStatus;
  /** From the header, where the format has one. */
  startFrameNo: bigint | null;
  endFrameNo: bigint | null;
  /** Sealed or compacted at, ms since the epoch, where recorded. */
  timeMs: bigint | null;
  /** The database's size in pages after the segment's last commit, where the header records it. */
  sizeAfter: number | null;
}

function sizeStatus(size: bigint, expected: bigint): SegmentStatus {
  return size < expected ? 'truncated' : size > expected ? 'trailing_data' : 'ok';
}

/** One format's look from its head and size; `format` is the key it is stored under. */
type FormatLook = (format: FileFormat, head: Uint8Array, size: bigint) => QuickLook;

/** The fields a listing needs, read from the header table one by one: listings do this 100,000 times. */
const sealedLook: FormatLook = (format, head, size) => {
  const view = viewOf(head);
  const start = u64(view, SEALED.startFrameNo);
  const lastCommitted = u64(view, SEALED.lastCommittedFrameNo);
  const sealed = (u32(view, SEALED.flags) & SEALED_FLAG_SEALED) !== 0;
  const indexEnd = u64(view, SEALED.indexOffset) + u64(view, SEALED.indexSize) + 4n;
  const status: SegmentStatus = !looksSealed(head)
    ? 'damaged'
    : !sealed
      ? 'unsealed'
      : size < indexEnd
        ? 'truncated'
        : 'ok';
  return {
    format,
    status,
    startFrameNo: start,
    endFrameNo: lastCommitted === 0n ? start : lastCommitted,
    timeMs: sealed ? u64(view, SEALED.sealedAtMs) : null,
    sizeAfter: u32(view, SEALED.sizeAfter),
  };
};

const LOOKS: Partial<Record<FileFormat, FormatLook>> = {
  sealed: sealedLook,
  'compacted-alpha1': (format, head, size) => {
    const h = decodeAlpha1Header(head);
    const status = sizeStatus(size, alpha1ExpectedSize(h.frameCount));
    const { startFrameNo, endFrameNo, sizeAfter } = h;
    return { format, status, startFrameNo, endFrameNo, timeMs: h.timestampMs, sizeAfter };
  },
  'compacted-v1': (format, head, size) => {
    const h = decodeV1Header(head);
    const whole = (size - BigInt(V1_HEADER_SIZE)) % BigInt(V1_FRAME_SIZE) === 0n;
    const status = h.pageSize === PAGE_SIZE && whole ? 'ok' : whole ? 'damaged' : 'truncated';
    const { startFrameNo, endFrameNo, sizeAfter } = h;
    return { format, status, startFrameNo, endFrameNo, timeMs: h.timestampMs, sizeAfter };
  },
  'compacted-v0': (format, head, size) => {
    const h = decodeV0Range(head);
    const status = size < BigInt(V0_HEADER_SIZE) ? 'truncated' : sizeStatus(size, v0ExpectedSize(h.frameCount));
    return { format, status, startFrameNo: h.startFrameNo, endFrameNo: h.endFrameNo, timeMs: null, sizeAfter: null };
  },
  'sealed-draft': (format, head) => {
    const h = decodeDraftHeader(head);
    const { startFrameNo, lastCommittedFrameNo, sizeAfter } = h;
    return { format, status: 'ok', startFrameNo, endFrameNo: lastCommittedFrameNo, timeMs: null, sizeAfter };
  },
  wallog: (format, head, size) => {
    const h = decodeWallogHeader(head);
    const status: SegmentStatus =
      h.magic !== WALLOG_MAGIC || h.pageSize !== PAGE_SIZE
        ? 'damaged'
        : size < wallogExpectedSize(h.frameCount)
          ? 'truncated'
          : 'ok';
    const end = h.frameCount > 0n ? h.startFrameNo + h.frameCount - 1n : h.startFrameNo > 0n ? h.startFrameNo - 1n : 0n;
    return { format, status, startFrameNo: h.startFrameNo, endFrameNo: end, timeMs: null, sizeAfter: null };
  },
  'sqld-snapshot': (format, head, size) => {
    const h = snapshotNumbers(head);
    const status = sizeStatus(size, snapshotExpectedSize(h.frameCount));
    return { format, status, startFrameNo: h.startFrameNo, endFrameNo: h.endFrameNo, timeMs: null, sizeAfter: null };
  },
  // SQLite's own frame indexes, from 1: which of them are committed takes a full read.
  'sqlite-wal': (format, head, size) => {
    const h = decodeSqliteWalHeader(head);
    const frameSize = BigInt(SQLITE_WAL_FRAME_HEADER_SIZE + Math.max(h.pageSize, 1));
    const frames = (size - BigInt(SQLITE_WAL_HEADER_SIZE)) / frameSize;
    const status = h.pageSize === PAGE_SIZE ? 'ok' : 'damaged';
    return { format, status, startFrameNo: 1n, endFrameNo: frames > 0n ? frames : 1n, timeMs: null, sizeAfter: null };
  },
};

/**
 * Format, range and status of a file from its first bytes and size, for listings of 100,000
 * entries where a full verify of each would take minutes. `expected` is the range the file's
 * name claims, when it has one; `claimed` the format its name and folder give it.
 */
export function quickLook(
  probe: FileProbe,
  expected?: { startFrameNo: bigint; endFrameNo: bigint | null },
  claimed: FileFormat | null = null,
): QuickLook {
  const format = detectFormat(probe, claimed);
  const read = LOOKS[format];
  if (!read)
    return { format, status: 'not_a_segment', startFrameNo: null, endFrameNo: null, timeMs: null, sizeAfter: null };
  const look = read(format, probe.head, probe.size);
  if (
    expected &&
    (look.startFrameNo !== expected.startFrameNo ||
      (expected.endFrameNo !== null && look.endFrameNo !== expected.endFrameNo))
  ) {
    look.status = 'header_mismatch';
  }
  return look;
}
