import { tryParseLibsqlWalKey } from './libsql-wal-key.js';
import { SegscopeError } from '../errors.js';
import { SEGMENT_EXTENSION, tryParseSegmentKey } from './segment-key.js';

/** What a file's name says about the frames it holds, in whichever naming libsql-wal used. */
export interface NamedRange {
  naming: 'seed-key' | 'sqld-seg' | 'libsql-wal-key';
  startFrameNo: bigint;
  /** Unknown from a sqld `.seg` name, which carries only the start. */
  endFrameNo: bigint | null;
}

/** sqld's `data-wal/{start_frame_no:020}.seg` (docs/formats/libsql-wal.md). */
const SQLD_SEG = /^([0-9]{20})\.seg$/;

/** The name sqld gives the segment that starts at `startFrameNo` (what SQLD_SEG reads back). */
export function sqldSegmentName(startFrameNo: bigint): string {
  return `${startFrameNo.toString().padStart(20, '0')}.seg`;
}

/** Cheap tests first: listings call this for every entry, and a failed parse costs an error object. */
export function parseSegmentName(name: string): NamedRange | null {
  const sqld = SQLD_SEG.exec(name);
  if (sqld?.[1] !== undefined && BigInt(sqld[1]) < 1n << 64n)
    return { naming: 'sqld-seg', startFrameNo: BigInt(sqld[1]), endFrameNo: null };
  if (name.endsWith(SEGMENT_EXTENSION)) {
    const seed = tryParseSegmentKey(name);
    return seed instanceof SegscopeError
      ? null
      : { naming: 'seed-key', startFrameNo: seed.startFrameNo, endFrameNo: seed.endFrameNo };
  }
  const keyed = tryParseLibsqlWalKey(name.replace(/\.(seg|idx)$/, ''));
  if (keyed) return { naming: 'libsql-wal-key', startFrameNo: keyed.startFrameNo, endFrameNo: keyed.endFrameNo };
  return null;
}
