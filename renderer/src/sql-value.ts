import type { SqlValue } from '../../core/timetravel/sql.js';

/** A value as a cell shows it: NULL in words, a blob as SQL's x'…' literal. */
export function cellText(value: SqlValue): string {
  if (value === null) return 'NULL';
  if (typeof value === 'object') return `x'${value.$hex}'`;
  return String(value);
}

export const isNumber = (v: SqlValue | undefined) => typeof v === 'number' || typeof v === 'bigint';

/** NULLs first, then numbers by value, then text, then blobs, as SQLite orders them. */
export function compareValues(a: SqlValue | undefined, b: SqlValue | undefined): number {
  const rank = (v: SqlValue | undefined) =>
    v === null || v === undefined ? 0 : isNumber(v) ? 1 : typeof v === 'string' ? 2 : 3;
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra - rb;
  if (isNumber(a) && isNumber(b)) return a < b ? -1 : a > b ? 1 : 0;
  const ta = a === null || a === undefined ? '' : cellText(a);
  const tb = b === null || b === undefined ? '' : cellText(b);
  return ta < tb ? -1 : ta > tb ? 1 : 0;
}
