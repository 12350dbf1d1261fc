/**
 * The small text files of a sqld data directory: `.version` (the sqld version that created it;
 * absent before 0.18) and a namespace's `stats.json` (statistics rewritten every few seconds, not
 * authoritative; every field optional). Both are read, never trusted: a malformed file is null.
 */
export interface SqldStats {
  id: string | null;
  currentFrameNo: bigint | null;
  rowsWritten: number | null;
  rowsRead: number | null;
  storageBytesUsed: number | null;
  queryCount: number | null;
}

const VERSION = /^(\d+)\.(\d+)\.(\d+)(?:[-+][0-9A-Za-z.+-]*)?$/;

export function parseSqldVersion(text: string): string | null {
  const trimmed = text.trim();
  return VERSION.test(trimmed) ? trimmed : null;
}

function numberField(record: Record<string, unknown>, key: string): number | null {
  const value = record[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/**
 * `current_frame_no` may pass 2^53, where JSON.parse rounds: it is read from the text itself.
 */
function currentFrameNo(text: string): bigint | null {
  const m = /"current_frame_no"\s*:\s*(\d{1,20})\s*[,}]/.exec(text);
  return m?.[1] !== undefined ? BigInt(m[1]) : null;
}

export function parseSqldStats(text: string): SqldStats | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return null;
  const record = parsed as Record<string, unknown>;
  return {
    id: typeof record.id === 'string' ? record.id : null,
    currentFrameNo: currentFrameNo(text),
    rowsWritten: numberField(record, 'rows_written'),
    rowsRead: numberField(record, 'rows_read'),
    storageBytesUsed: numberField(record, 'storage_bytes_used'),
    queryCount: numberField(record, 'query_count'),
  };
}
