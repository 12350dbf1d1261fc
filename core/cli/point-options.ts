import { type FrameText, readFrameText, readPointText, wholeNumber } from '../model/point-text.js';
import type { PointRequest } from '../timetravel/point-database.js';
import { type OptionValues, stringOption, usageError } from './command.js';

function requestAt(frame: FrameText): PointRequest {
  if ('walFrame' in frame) return { atWalFrame: frame.walFrame };
  return frame.generation === undefined
    ? { atFrameNo: frame.frameNo }
    : { atFrameNo: frame.frameNo, generation: frame.generation };
}

/** A point given as a frame number, `wal:N`, `<generation>:N` or an ISO-8601 time. */
export function pointFrom(text: string, what: string): PointRequest {
  const point = readPointText(text, what);
  return 'time' in point ? { atTime: point.time } : requestAt(point);
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
  if (frame !== undefined) return withGaps(requestAt(readFrameText(frame, '--at-frame')), values);
  return withGaps(time !== undefined ? pointFrom(time, '--at-time') : {}, values);
}

export function limitFrom(values: OptionValues, fallback: number): number {
  const text = stringOption(values, 'limit');
  if (text === undefined) return fallback;
  const value = Number(wholeNumber(text, '--limit'));
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
