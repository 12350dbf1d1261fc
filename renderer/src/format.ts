import type { FileFormat } from '../../core/model/file-format.js';
import { type PointName, pointLabel } from '../../core/model/point-label.js';
import { inScreenWords } from './screen-words.js';

/** Display helpers: numbers as people read them, sizes in binary units. */
export function bytes(size: bigint | number): string {
  const n = Number(size);
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = n / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value >= 100 ? 0 : 1)} ${units[unit]}`;
}

/** A UTC time to the second without its zone letter, for a column whose header says UTC. */
export function whenShort(iso: string): string {
  return when(iso).replace(/Z$/, '');
}

export function when(iso: string): string {
  return iso.includes('T') ? iso.replace('T', ' ').replace(/\.000Z$/, 'Z') : iso;
}

/** An error as the screen shows it. */
export interface Shown {
  code: string;
  message: string;
}

/** An error in one line, for a status that holds text: its code, then its sentence. */
export function shownText(shown: Shown): string {
  return `${shown.code}: ${shown.message}`;
}

/** An error as the screen shows it, naming the screen's controls where core's sentence names an option. */
export function describeError(error: unknown): Shown {
  if (typeof error === 'object' && error !== null && 'code' in error && 'message' in error) {
    return { code: String(error.code), message: inScreenWords(String(error.message)) };
  }
  return { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) };
}

/** A frame number in full, its digits grouped in threes (u64 values have up to 20 digits). */
export function frameText(frame: bigint | number): string {
  // By hand: toLocaleString builds its formatter on every call, and the table asks for two a row a frame.
  const digits = (typeof frame === 'number' ? Math.trunc(frame) : frame).toString();
  const sign = digits.startsWith('-') ? '-' : '';
  const bare = sign ? digits.slice(1) : digits;
  let out = '';
  for (let end = bare.length; end > 0; end -= 3) out = bare.slice(Math.max(0, end - 3), end) + (out ? `,${out}` : '');
  return sign + out;
}

/** A whole number typed by a person: digits, optionally grouped with commas, spaces or underscores. */
export function parseWhole(text: string): bigint | null {
  const digits = text.trim().replace(/[,_\s\u202f]/g, '');
  return /^[0-9]{1,30}$/.test(digits) ? BigInt(digits) : null;
}

/**
 * A segment's frame in the Segments table and Details: `wal:N` for a SQLite WAL file's (data-wal's)
 * own frame indexes, as its commits are named as points, since the log's frames do not continue them.
 */
export function segmentFrameText(format: FileFormat, frame: bigint): string {
  return format === 'sqlite-wal' ? `wal:${frameText(frame)}` : frameText(frame);
}

/** A restore point as the command names it, its numbers grouped. */
export function pointText(point: PointName): string {
  return pointLabel(point, frameText);
}
