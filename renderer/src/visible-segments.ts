import type { ListedSegment, VerifiedSegment } from '../../core/model/results.js';
import { parseWhole } from './format.js';
import { statusRank, statusText } from './status-words.js';
import type { FrameSpan, Store } from './store-contract.js';

/** Whether a row is in the timeline's brush (or the span a gap's "Show" chose). */
function inSpan(s: ListedSegment, span: FrameSpan): boolean {
  if (span.files) return span.files.has(s.file);
  if (span.generation !== undefined && s.generation !== span.generation) return false;
  return s.startFrameNo <= span.to && span.from <= s.endFrameNo;
}

/** A frame typed into Holds frame: one of the log, or with `wal:` one of data-wal's SQLite indexes. */
function heldFrame(text: string): { frame: bigint; wal: boolean } | null {
  const wal = text.trim().startsWith('wal:');
  const frame = parseWhole(wal ? text.trim().slice('wal:'.length) : text);
  return frame === null ? null : { frame, wal };
}

/** Whether a row holds the frame: a SQLite WAL file's indexes are another numbering than the log's. */
function holds(s: ListedSegment, held: { frame: bigint; wal: boolean }): boolean {
  return (s.format === 'sqlite-wal') === held.wal && s.startFrameNo <= held.frame && held.frame <= s.endFrameNo;
}

/** The rows on screen: the listing's, or while it is first read, those already read. */
export function shownSegments(state: Pick<Store, 'listing' | 'firstRows'>): ListedSegment[] {
  return state.listing?.segments ?? state.firstRows?.segments ?? [];
}

/** The listing as the table shows it: filtered by status and frame held, sorted by the chosen column. */
export function visibleSegments(
  state: Pick<Store, 'listing' | 'firstRows' | 'sort' | 'statusFilter' | 'frameFilter' | 'span'>,
  verified?: ReadonlyMap<string, VerifiedSegment>,
): ListedSegment[] {
  const segments = shownSegments(state);
  const held = heldFrame(state.frameFilter);
  const { span, statusFilter } = state;
  const filtered =
    statusFilter === 'all' && held === null && span === null
      ? segments
      : segments.filter(
          (s) =>
            (statusFilter === 'all' || s.status === statusFilter) &&
            (held === null || holds(s, held)) &&
            (span === null || inSpan(s, span)),
        );
  const { column, descending } = state.sort;
  if (column === 'startFrameNo' && !descending) return filtered;
  if (column === 'status') return byStatus(filtered, verified ?? new Map(), descending);
  const sorted = [...filtered].sort((a, b) => {
    const x = a[column] ?? '';
    const y = b[column] ?? '';
    return x < y ? -1 : x > y ? 1 : 0;
  });
  return descending ? sorted.reverse() : sorted;
}

/**
 * Rows by what was found of them (verify's outcome where it ran, the header's otherwise), then by
 * the words shown, then by frame; descending puts the worst first. Ranks are worked out once a row.
 */
function byStatus(
  rows: readonly ListedSegment[],
  verified: ReadonlyMap<string, VerifiedSegment>,
  descending: boolean,
): ListedSegment[] {
  const keyed = rows.map((s, at) => {
    const v = verified.get(s.file);
    return { s, at, rank: statusRank(s, v), text: statusText(s, v) };
  });
  const sign = descending ? -1 : 1;
  keyed.sort(
    (a, b) => sign * (a.rank - b.rank) || sign * (a.text < b.text ? -1 : a.text > b.text ? 1 : 0) || a.at - b.at,
  );
  return keyed.map((k) => k.s);
}
