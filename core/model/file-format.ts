import type { SegmentStatus } from './segment-status.js';

export interface FrameHeader {
  pageNo: number;
  /** Database size in pages after the commit this frame ends; 0 when it ends none. */
  sizeAfter: number;
  frameNo: bigint;
}

/** The formats that hold frames and so can be listed, fetched and restored from. */
export const SEGMENT_FORMATS = [
  'compacted-v0',
  'compacted-alpha1',
  'compacted-v1',
  'sealed',
  'sealed-draft',
  'sqlite-wal',
  'wallog',
  'sqld-snapshot',
] as const;
export type SegmentFormat = (typeof SEGMENT_FORMATS)[number];

/** Every kind of file libsql-wal and sqld's default mode wrote that Segscope tells apart by content. */
export const FILE_FORMATS = [
  ...SEGMENT_FORMATS,
  'index-object',
  'fst-index',
  'database',
  'client-wal-index',
  'bottomless-batch',
  'bottomless-snapshot',
  'bottomless-meta',
  'bottomless-dep',
  'bottomless-changecounter',
  'unknown',
] as const;
export type FileFormat = (typeof FILE_FORMATS)[number];

/**
 * Formats their owner goes on writing in place: libsql-wal's draft segment, SQLite's WAL file and
 * sqld's replication log. libsql-wal's current segment is in the `sealed` format with its sealed
 * flag not yet set, so whether a `sealed` file is finished is its status's to say (`unsealed`).
 */
const WRITTEN_IN_PLACE: ReadonlySet<FileFormat> = new Set(['sealed-draft', 'sqlite-wal', 'wallog']);

/**
 * Whether a file may still change where it lies: a link to it would be that file, growing or
 * rewritten by its owner. Only a file of a format never changed once written whose header says it
 * is complete (status `ok`: a sealed or compacted segment, a snapshot) is known finished.
 */
export function mayChangeInPlace(file: { format: FileFormat; status: SegmentStatus }): boolean {
  return WRITTEN_IN_PLACE.has(file.format) || file.status !== 'ok';
}

/** What a format's one stored checksum is: a CRC-32 but in SQLite's WAL file, which keeps SQLite's own. */
export function storedChecksumName(format: FileFormat): string {
  return format === 'sqlite-wal' ? "SQLite's WAL checksum" : 'CRC-32';
}

export type HeaderValue = bigint | number | string | boolean | null;

/** A header as inspection shows it: the common fields first, then every field of the format. */
export interface HeaderFields {
  frameCount: bigint;
  segmentId: string | null;
  startFrameNo: bigint;
  endFrameNo: bigint;
  [field: string]: HeaderValue;
}

export interface FrameInfo extends FrameHeader {
  /** Position in the file (the slot of a sealed segment). */
  index: number;
  /** SQLite WAL frames (a bottomless batch): the frame header's two salts. */
  salts?: [number, number];
  /** SQLite WAL frames: the two checksum words the frame header stores. */
  checksum?: [number, number];
  /** Whether the stored checksum follows from the frame before; null where the seed is unknown. */
  checksumOk?: boolean | null;
}

export interface ChecksumStatus {
  stored: number | null;
  computed: number | null;
  ok: boolean | null;
  /** The first frame whose checksum breaks the chain (chained formats only). */
  brokenAtFrame?: number | null;
  /**
   * A file that keeps only some frames of a chained log (a default-mode snapshot): `frames` of its
   * `of` frames have their predecessor beside them, so their checksum was checked; the others cannot be.
   */
  chained?: { frames: number; of: number };
}
