import type { PointName } from '../model/point-label.js';
import type { PointRequest } from '../timetravel/point-database.js';
import { type OptionValues, parseU64, stringOption, usageError } from './command.js';

const WAL_PREFIX = 'wal:';
/** A bottomless frame as `points` shows it: its generation's UUID, a colon, the frame. */
const GENERATION_FRAME = /^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}):(.*)$/;

type FrameText = { frameNo: bigint; generation?: string } | { walFrame: bigint };

/**
 * A frame as given on the command line: a number is a frame of the history (the log's, in a
 * default-mode namespace), `wal:N` a commit of the namespace's SQLite WAL file by SQLite's frame
 * index, the way `points` shows it.
 */
export function frameFrom(text: string, what: string): FrameText {
  if (text.startsWith(WAL_PREFIX)) return { walFrame: parseU64(text.slice(WAL_PREFIX.length), `${what} wal:N`) };
  const inGeneration = GENERATION_FRAME.exec(text);
  if (inGeneration?.[1] !== undefined && inGeneration[2] !== undefined)
    return { frameNo: parseU64(inGeneration[2], `${what} <generation>:N`), generation: inGeneration[1] };
  return { frameNo: parseU64(text, what) };
}

/** The text frameFrom takes back for a point: `wal:N`, `<generation>:N` or the frame number. */
export function frameArgument(point: PointName): string {
  if (point.walFrame !== undefined) return `${WAL_PREFIX}${point.walFrame}`;
  return point.generation === undefined ? String(point.frameNo) : `${point.generation}:${point.frameNo}`;
}

function requestAt(frame: FrameText): PointRequest {
  if ('walFrame' in frame) return { atWalFrame: frame.walFrame };
  return frame.generation === undefined
    ? { atFrameNo: frame.frameNo }
    : { atFrameNo: frame.frameNo, generation: frame.generation };
}

/** A point given as a frame number, `wal:N` or an ISO-8601 time. */
export function pointFrom(text: string, what: string): PointRequest {
  if (/^[0-9]{1,20}$/.test(text) || text.startsWith(WAL_PREFIX) || GENERATION_FRAME.test(text))
    return requestAt(frameFrom(text, what));
  if (Number.isNaN(Date.parse(text)))
    throw usageError(`${what} must be a frame number, wal:N, <generation>:N or an ISO-8601 time, got "${text}"`);
  return { atTime: text };
}

/** `--allow-gaps`: a point's database is rebuilt up to a gap instead of refused with CHAIN_GAP. */
export function withGaps(point: PointRequest, values: OptionValues): PointRequest {
  return values['allow-gaps'] === true ? { ...point, allowGaps: true } : point;
}

/** `--at-frame N` (or `wal:N`) or `--at-time ISO` (neither: the newest point), and `--allow-gaps`. */
export function atPoint(values: OptionValues): PointRequest {
  const frame = stringOption(values, 'at-frame');
  const time = stringOption(values, 'at-time');
  if (frame !== undefined && time !== undefined) throw usageError('give --at-frame or --at-time, not both');
  if (frame !== undefined) return withGaps(requestAt(frameFrom(frame, '--at-frame')), values);
  return withGaps(time !== undefined ? pointFrom(time, '--at-time') : {}, values);
}

export function limitFrom(values: OptionValues, fallback: number): number {
  const text = stringOption(values, 'limit');
  if (text === undefined) return fallback;
  const value = Number(parseU64(text, '--limit'));
  if (value < 1 || value > 10_000_000) throw usageError('--limit must be from 1 to 10,000,000');
  return value;
}

/** `--timeout S`: a query's time limit in seconds (fractions allowed), or the default. */
export function timeoutFrom(values: OptionValues, fallback: number, max: number): number {
  const text = stringOption(values, 'timeout');
  if (text === undefined) return fallback;
  const value = /^[0-9]+(\.[0-9]+)?$/.test(text) ? Number(text) : Number.NaN;
  if (!(value > 0 && value <= max))
    throw usageError(`--timeout takes seconds, more than 0 and at most ${max}, got "${text}"`);
  return value;
}
