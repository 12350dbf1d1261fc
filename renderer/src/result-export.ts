import type { SqlResult, SqlValue } from '../../core/timetravel/sql.js';
import { cellText } from './sql-value.js';

function csvField(value: SqlValue | string): string {
  const text = value === null ? '' : typeof value === 'string' ? value : cellText(value);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Saves the rows as a file the browser downloads (no server round trip). */
function download(name: string, type: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  URL.revokeObjectURL(url);
}

export function exportCsv(result: SqlResult): void {
  const lines = [
    result.columns.map((c) => csvField(c)).join(','),
    ...result.rows.map((r) => r.map(csvField).join(',')),
  ];
  download(`segscope-frame-${result.atFrameNo}.csv`, 'text/csv', `${lines.join('\n')}\n`);
}

export function exportJson(result: SqlResult): void {
  const rows = result.rows.map((r) => Object.fromEntries(result.columns.map((c, i) => [c, r[i] ?? null])));
  download(
    `segscope-frame-${result.atFrameNo}.json`,
    'application/json',
    JSON.stringify(rows, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), 2),
  );
}
