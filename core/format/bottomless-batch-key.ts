import { SegscopeError } from '../errors.js';

/** How a bottomless object is compressed; the batch key's extension and the snapshot's name say it. */
export type BottomlessCompression = 'raw' | 'gz' | 'zstd';

function isCompression(text: string): text is BottomlessCompression {
  return text === 'raw' || text === 'gz' || text === 'zstd';
}

/** A batch of WAL frames `{first:012}-{last:012}-{unix_secs}.{raw|gz|zstd}` in its generation's folder. */
export interface BatchKey {
  firstFrameNo: number;
  lastFrameNo: number;
  /** When the writer flushed it, whole seconds since the epoch. */
  timestampSecs: number;
  compression: BottomlessCompression;
}

/** The writer's numbers are u32 frame numbers and a u64 second; the reader accepts what it accepts. */
const NUMBER = /^\+?[0-9]+$/;
const U32_MAX = 0xffffffff;

function parseNumber(text: string, max: number): number | null {
  if (!NUMBER.test(text)) return null;
  const value = Number(text.replace(/^\+/, ''));
  return Number.isSafeInteger(value) && value <= max ? value : null;
}

/**
 * Parses a batch's name (the part of its key after the last `/`) as the writer's reader does:
 * the timestamp between the last `-` and the last `.`, `last` before it, `first` before that.
 * Null for a name that is not a batch (a snapshot, `.meta`, the timestamp-less names of 2023).
 */
export function parseBatchKey(name: string): BatchKey | null {
  const dot = name.lastIndexOf('.');
  if (dot < 0) return null;
  const ext = name.slice(dot + 1);
  if (!isCompression(ext)) return null;
  const parts = name.slice(0, dot).split('-');
  if (parts.length !== 3) return null;
  const [firstText = '', lastText = '', timeText = ''] = parts;
  const first = parseNumber(firstText, U32_MAX);
  const last = parseNumber(lastText, U32_MAX);
  const time = parseNumber(timeText, Number.MAX_SAFE_INTEGER);
  if (first === null || last === null || time === null) return null;
  return { firstFrameNo: first, lastFrameNo: last, timestampSecs: time, compression: ext };
}

/** A name that parses as a batch whose range runs backwards (`10-5`) is damage, not a foreign key. */
export function checkBatchRange(name: string, key: BatchKey): BatchKey {
  if (key.firstFrameNo < 1 || key.lastFrameNo < key.firstFrameNo) {
    throw new SegscopeError(
      'INVALID_SEGMENT_NAME',
      `${name} names frames ${key.firstFrameNo}..${key.lastFrameNo}, which is no range of frames`,
    );
  }
  return key;
}

/** A generation's snapshot `db.{raw|gz|zstd}`, or `db.db` (how uncompressed ones were looked for until mid-2024). */
export interface SnapshotName {
  compression: BottomlessCompression;
  /** `db.db`: read as raw. */
  legacyName: boolean;
}

export function parseSnapshotObjectName(name: string): SnapshotName | null {
  if (name === 'db.db') return { compression: 'raw', legacyName: true };
  if (!name.startsWith('db.')) return null;
  const ext = name.slice(3);
  return isCompression(ext) ? { compression: ext, legacyName: false } : null;
}

const pad12 = (value: number): string => value.toString().padStart(12, '0');

export function formatBatchKey(key: BatchKey): string {
  return `${pad12(key.firstFrameNo)}-${pad12(key.lastFrameNo)}-${key.timestampSecs}.${key.compression}`;
}
