import type { ErrorCode } from '../errors.js';
import type { Problem } from '../format/problem.js';
import type { FrameInfo } from '../format/segment-v0-verifier.js';

/**
 * The result shapes of the API and of `segscope … --json` (DESIGN.md). Inside the process u64
 * values are bigint; the CLI prints them as JSON integers with every digit, the HTTP transport
 * tags them so they survive the trip.
 */

export type SegmentFormat = 'compacted-v0' | 'sealed' | 'compacted-v1' | 'unknown';

export type SegmentStatus =
  | 'ok'
  | 'truncated'
  | 'header_mismatch'
  | 'not_a_segment'
  | 'trailing_data'
  | 'unreadable'
  /** Listed from a remote: only the key is known until the segment is fetched. */
  | 'unchecked';

export interface ListedSegment {
  file: string;
  path: string;
  startFrameNo: bigint;
  endFrameNo: bigint;
  /** ISO-8601. */
  createdAt: string;
  size: bigint;
  status: SegmentStatus;
}

export interface FrameRange {
  fromFrameNo: bigint;
  toFrameNo: bigint;
}

export interface Overlap extends FrameRange {
  a: string;
  b: string;
}

export interface UnrecognizedFile {
  file: string;
  code: ErrorCode;
  message: string;
}

export interface ListResult {
  prefix: string;
  namespace: string;
  maxFrameNo: bigint | null;
  segments: ListedSegment[];
  unrecognized: UnrecognizedFile[];
  gaps: FrameRange[];
  overlaps: Overlap[];
}

export interface HeaderFields {
  frameCount: bigint;
  segmentId: string | null;
  startFrameNo: bigint;
  endFrameNo: bigint;
  /** Further fields of sealed and v1 headers (sizeAfter, flags, pageSize, …). */
  [field: string]: bigint | number | string | boolean | null;
}

export interface InspectResult {
  file: string;
  format: SegmentFormat;
  header: HeaderFields | null;
  expectedSize: bigint | null;
  actualSize: bigint;
  nameAgrees: boolean | null;
  checksum: { stored: number | null; computed: number | null; ok: boolean | null };
  problems: Problem[];
  frames?: FrameInfo[];
}

export interface VerifiedSegment {
  file: string;
  ok: boolean;
  problems: Problem[];
}

export interface VerifyResult {
  ok: boolean;
  segments: VerifiedSegment[];
}

export interface CompareField {
  field: string;
  a: bigint | number | string | boolean | null;
  b: bigint | number | string | boolean | null;
  same: boolean;
}

export interface CompareResult {
  header: CompareField[];
  pagesOnlyInA: number[];
  pagesOnlyInB: number[];
  pagesChanged: number[];
  pagesSame: number[];
}

export interface StoredFile {
  source: string;
  key: string;
  path: string;
  uploaded: boolean;
  /** True when identical bytes were already stored under that key. */
  unchanged: boolean;
}

export interface RefusedFile {
  source: string;
  code: string;
  message: string;
}

export interface StoreResult {
  stored: StoredFile[];
  refused: RefusedFile[];
}

export interface FetchResult {
  source: 'local' | 'remote';
  key: string;
  path: string;
  /** The copy kept in the segments folder (the hard link's other name). */
  cachedPath: string;
}

export interface MetaResult {
  maxFrameNo: bigint | null;
}

export interface RestoreResult {
  out: string;
  untilFrameNo: bigint;
  pages: number;
  segmentsApplied: number;
}
