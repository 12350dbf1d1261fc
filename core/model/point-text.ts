import { SegscopeError } from '../errors.js';
import type { PointName } from './point-label.js';

const WAL_PREFIX = 'wal:';
/** A bottomless frame as `points` shows it: its generation's UUID, a colon, the frame. */
const GENERATION_FRAME = /^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}):(.*)$/;
const DECIMAL = /^[0-9]{1,20}$/;

/** A frame a point is asked at: of the history (in its generation, for bottomless), or of a WAL file. */
export type FrameText = { frameNo: bigint; generation?: string } | { walFrame: bigint };
/** A point as typed: a frame, or an ISO-8601 time. */
export type PointText = FrameText | { time: string };

/** Frame numbers are u64: parsed as bigint, never through Number, so no digit is lost. */
export function wholeNumber(text: string, what: string): bigint {
  if (!DECIMAL.test(text))
    throw new SegscopeError('INVALID_ARGUMENT', `${what} must be a whole number from 0 to 2^64-1, got "${text}"`);
  const value = BigInt(text);
  if (value >= 1n << 64n) throw new SegscopeError('INVALID_ARGUMENT', `${what} must be at most 2^64-1, got ${text}`);
  return value;
}

/**
 * A frame as typed (the command line, a point picker): a number is a frame of the history (the
 * log's, in a default-mode namespace), `wal:N` a commit of the namespace's SQLite WAL file by
 * SQLite's frame index, `<generation>:N` a bottomless frame, the way `points` shows each.
 */
export function readFrameText(text: string, what: string): FrameText {
  if (text.startsWith(WAL_PREFIX)) return { walFrame: wholeNumber(text.slice(WAL_PREFIX.length), `${what} wal:N`) };
  const inGeneration = GENERATION_FRAME.exec(text);
  if (inGeneration?.[1] !== undefined && inGeneration[2] !== undefined)
    return { frameNo: wholeNumber(inGeneration[2], `${what} <generation>:N`), generation: inGeneration[1] };
  return { frameNo: wholeNumber(text, what) };
}

/** A point as typed: what readFrameText reads, or an ISO-8601 time. */
export function readPointText(text: string, what: string): PointText {
  if (DECIMAL.test(text) || text.startsWith(WAL_PREFIX) || GENERATION_FRAME.test(text))
    return readFrameText(text, what);
  if (Number.isNaN(Date.parse(text)))
    throw new SegscopeError(
      'INVALID_ARGUMENT',
      `${what} must be a frame number, wal:N, <generation>:N or an ISO-8601 time, got "${text}"`,
    );
  return { time: text };
}

/** The text readFrameText takes back for a point: `wal:N`, `<generation>:N` or the frame number. */
export function frameArgument(point: PointName): string {
  if (point.walFrame !== undefined) return `${WAL_PREFIX}${point.walFrame}`;
  return point.generation === undefined ? String(point.frameNo) : `${point.generation}:${point.frameNo}`;
}
