import { SegscopeError } from '../errors.js';

/** The three numbers a segment's file name carries (docs/formats/libsql-wal.md). */
export interface SegmentKey {
  startFrameNo: bigint;
  endFrameNo: bigint;
  /** Seconds since the Unix epoch. */
  createdAt: bigint;
}

export const SEGMENT_EXTENSION = '.segment';
export const U64_MAX = (1n << 64n) - 1n;
const FIELD = /^[0-9]{1,20}$/;

function pad19(value: bigint): string {
  return value.toString().padStart(19, '0');
}

function checkU64(value: bigint, field: string): void {
  if (value < 0n || value > U64_MAX) {
    throw new SegscopeError('INVALID_ARGUMENT', `${field} must fit in an unsigned 64-bit integer, got ${value}`);
  }
}

/** `{start:019}-{end:019}-{created_at:019}.segment`; 20-digit values are written in full. */
export function formatSegmentKey(key: SegmentKey): string {
  checkU64(key.startFrameNo, 'start frame');
  checkU64(key.endFrameNo, 'end frame');
  checkU64(key.createdAt, 'creation time');
  return `${pad19(key.startFrameNo)}-${pad19(key.endFrameNo)}-${pad19(key.createdAt)}${SEGMENT_EXTENSION}`;
}

function parseField(text: string | undefined, field: string, name: string): bigint {
  if (text === undefined || !FIELD.test(text)) {
    throw new SegscopeError(
      'INVALID_SEGMENT_NAME',
      `"${name}" is not a segment name: its ${field} is not a decimal number of 1 to 20 digits ` +
        `(expected <start>-<end>-<created_at>${SEGMENT_EXTENSION})`,
    );
  }
  const value = BigInt(text);
  if (value > U64_MAX) {
    throw new SegscopeError('INVALID_SEGMENT_NAME', `"${name}" is not a segment name: its ${field} exceeds 2^64-1`);
  }
  return value;
}

/**
 * Stricter than libsql-wal's own parser (which reads only the first two fields and ignores the
 * rest): Segscope also keeps the timestamp and insists on the `.segment` extension, so that
 * stray files in a segments folder are reported rather than mistaken for segments.
 */
export function parseSegmentKey(name: string): SegmentKey {
  if (!name.endsWith(SEGMENT_EXTENSION)) {
    throw new SegscopeError(
      'INVALID_SEGMENT_NAME',
      `"${name}" is not a segment name: it does not end in ${SEGMENT_EXTENSION}`,
    );
  }
  const stem = name.slice(0, -SEGMENT_EXTENSION.length);
  const parts = stem.split('-');
  if (parts.length !== 3) {
    throw new SegscopeError(
      'INVALID_SEGMENT_NAME',
      `"${name}" is not a segment name: expected three dash-separated numbers <start>-<end>-<created_at>`,
    );
  }
  const startFrameNo = parseField(parts[0], 'start frame', name);
  const endFrameNo = parseField(parts[1], 'end frame', name);
  const createdAt = parseField(parts[2], 'creation time', name);
  if (startFrameNo > endFrameNo) {
    throw new SegscopeError(
      'INVALID_SEGMENT_NAME',
      `"${name}" is not a segment name: its start frame ${startFrameNo} is after its end frame ${endFrameNo}`,
    );
  }
  return { startFrameNo, endFrameNo, createdAt };
}

/** Parses without throwing, for listings that report junk entries instead of failing. */
export function tryParseSegmentKey(name: string): SegmentKey | SegscopeError {
  try {
    return parseSegmentKey(name);
  } catch (error) {
    if (error instanceof SegscopeError) return error;
    throw error;
  }
}

export function keyContainsFrame(key: SegmentKey, frameNo: bigint): boolean {
  return key.startFrameNo <= frameNo && frameNo <= key.endFrameNo;
}
