import type { SqlValue } from '../timetravel/sql.js';
import { printable } from './printable.js';

/** Bytes of a blob, and characters of a text, shown whole in text output; `--json` has them all. */
const BLOB_SHOWN = 16;
const TEXT_SHOWN = 80;

/** A value as a person reads it in a table: long ones cut, with their length. */
export function valueText(value: SqlValue): string {
  if (value === null) return 'NULL';
  if (typeof value === 'object') {
    const bytes = value.$hex.length / 2;
    if (bytes <= BLOB_SHOWN) return `x'${value.$hex}'`;
    return `x'${value.$hex.slice(0, BLOB_SHOWN * 2)}…' (${bytes} bytes)`;
  }
  if (typeof value !== 'string') return String(value);
  if (value.length <= TEXT_SHOWN) return printable(value);
  return `${printable(value.slice(0, TEXT_SHOWN))}… (${value.length} characters)`;
}
