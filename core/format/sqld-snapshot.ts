import { viewOf } from './byte-fields.js';
import { SQLD_FRAME_SIZE, type SqldFrame, writeSqldFrame } from './sqld-frame.js';
import { decodeHeader, decodeHeaderNumbers, encodeHeader, field, headerTable } from './header-fields.js';
import { SNAPSHOTS } from './sqld-names.js';

/**
 * A compacted replication log, `snapshots/{log_id}-{start}-{end}.snap`: a 48-byte little-endian
 * header, then the newest frame of each page of the log's range, in strictly descending frame
 * number, each with size_after 0 (the header holds the database size at the end).
 */
export const SNAPSHOT_HEADER_SIZE = 48;

const SNAPSHOT_HEADER = headerTable("a snapshot's header", SNAPSHOT_HEADER_SIZE, {
  logId: field(0, 'uuid'),
  startFrameNo: field(16, 'u64'),
  endFrameNo: field(24, 'u64'),
  frameCount: field(32, 'u64'),
  sizeAfter: field(40, 'u32'),
  padding: field(44, 'u32'),
});

export interface SnapshotHeader {
  logId: string;
  startFrameNo: bigint;
  endFrameNo: bigint;
  frameCount: bigint;
  sizeAfter: number;
  padding: number;
}

export function decodeSnapshotHeader(bytes: Uint8Array): SnapshotHeader {
  return decodeHeader(SNAPSHOT_HEADER, bytes);
}

/** The header's numbers without its log id: a listing reads them twice a file (detection, then the status). */
export function snapshotNumbers(head: Uint8Array): Omit<SnapshotHeader, 'logId'> {
  return decodeHeaderNumbers(SNAPSHOT_HEADER, head);
}

export function snapshotExpectedSize(frameCount: bigint): bigint {
  return BigInt(SNAPSHOT_HEADER_SIZE) + frameCount * BigInt(SQLD_FRAME_SIZE);
}

/**
 * A snapshot has no magic: a header whose range is in order, whose frame count fits the range
 * and the file, and whose size the frames fill exactly, and a first frame numbered end_frame_no.
 */
export function looksSnapshot(head: Uint8Array, size: bigint): boolean {
  if (head.length < SNAPSHOT_HEADER_SIZE || size < BigInt(SNAPSHOT_HEADER_SIZE)) return false;
  const h = snapshotNumbers(head);
  if (h.startFrameNo > h.endFrameNo || h.frameCount > h.endFrameNo - h.startFrameNo + 1n || h.padding !== 0)
    return false;
  if ((size - BigInt(SNAPSHOT_HEADER_SIZE)) % BigInt(SQLD_FRAME_SIZE) !== 0n) return false;
  if (h.frameCount === 0n || head.length < SNAPSHOT_HEADER_SIZE + 8)
    return h.frameCount === 0n ? size === BigInt(SNAPSHOT_HEADER_SIZE) : true;
  return viewOf(head).getBigUint64(SNAPSHOT_HEADER_SIZE, true) === h.endFrameNo;
}

const SNAPSHOT_NAME =
  /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})-(0|[1-9][0-9]*)-(0|[1-9][0-9]*)\.snap$/;

/** `{log_id}-{start_frame_no}-{end_frame_no}.snap`, decimal without padding; null for other names. */
export function parseSnapshotName(name: string): { logId: string; startFrameNo: bigint; endFrameNo: bigint } | null {
  const m = SNAPSHOT_NAME.exec(name);
  if (!m?.[1] || !m[2] || !m[3]) return null;
  const start = BigInt(m[2]);
  const end = BigInt(m[3]);
  return start <= end && end < 1n << 64n ? { logId: m[1], startFrameNo: start, endFrameNo: end } : null;
}

/**
 * 'sqld-snapshot' for a path whose file is named as sqld names a snapshot, in a folder named
 * `snapshots` as sqld keeps them; null for any other path (separators of either kind).
 */
export function claimedFormat(path: string): 'sqld-snapshot' | null {
  const parts = path.split(/[\\/]/);
  const name = parts.at(-1) ?? '';
  return parts.at(-2) === SNAPSHOTS && parseSnapshotName(name) !== null ? 'sqld-snapshot' : null;
}

export function snapshotName(logId: string, startFrameNo: bigint, endFrameNo: bigint): string {
  return `${logId}-${startFrameNo}-${endFrameNo}.snap`;
}

/** A snapshot as sqld's compactor writes it; `frames` newest first, each page once. */
export function encodeSnapshot(
  header: Omit<SnapshotHeader, 'frameCount' | 'padding'>,
  frames: readonly SqldFrame[],
): Uint8Array {
  const bytes = new Uint8Array(SNAPSHOT_HEADER_SIZE + frames.length * SQLD_FRAME_SIZE);
  const view = viewOf(bytes);
  bytes.set(encodeHeader(SNAPSHOT_HEADER, { ...header, frameCount: BigInt(frames.length), padding: 0 }));
  frames.forEach((frame, i) =>
    writeSqldFrame(view, SNAPSHOT_HEADER_SIZE + i * SQLD_FRAME_SIZE, { ...frame, sizeAfter: 0 }),
  );
  return bytes;
}
