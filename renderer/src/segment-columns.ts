import { useMemo } from 'react';
import type { ListResult, ListedSegment, VerifiedSegment } from '../../core/model/results.js';
import { type ColumnTexts, canvasMeasure, columnTemplate, columnWidths, leastWidth } from './column-widths.js';
import { generationOf } from './segment-row.js';
import { bytes, frameText, segmentFrameText, whenShort } from './format.js';
import { statusText } from './status-words.js';
import type { SortColumn } from './store-contract.js';
import { shortIds } from './timeline-generations.js';

/** A column of the Segments table: one it sorts by, or a bottomless listing's generation. */
export type SegmentColumn = { key: SortColumn; label: string } | { key: 'generation'; label: string };

const COLUMNS: { key: SortColumn; label: string }[] = [
  { key: 'startFrameNo', label: 'Start frame' },
  { key: 'endFrameNo', label: 'End frame' },
  { key: 'createdAt', label: 'Created' },
  { key: 'format', label: 'Format' },
  { key: 'size', label: 'Size' },
  { key: 'location', label: 'Location' },
  { key: 'status', label: 'Status' },
];

const CHECK = 24;
/** Room for the rows' scroll bar, which the header keeps too. */
const GUTTER = 15;
let measure: ReturnType<typeof canvasMeasure> | null = null;

type Verified = ReadonlyMap<string, VerifiedSegment>;

/** The texts each column will show, to size it: distinct values, or the widest of a kind. */
function columnTexts(
  rows: readonly ListedSegment[],
  columns: readonly SegmentColumn[],
  verified: Verified,
  sortedBy: string,
  shortGenerations: ReadonlyMap<string, string> | null,
): ColumnTexts[] {
  let frame = 0n;
  let walFrame: bigint | null = null;
  let size = 0n;
  let created: string | null = null;
  const formats = new Set<string>();
  const locations = new Set<string>();
  const statuses = new Set<string>();
  const generations = new Set<string>(['—', ...(shortGenerations?.values() ?? [])]);
  for (const s of rows) {
    if (s.format === 'sqlite-wal') walFrame = s.endFrameNo > (walFrame ?? 0n) ? s.endFrameNo : walFrame;
    else if (s.endFrameNo > frame) frame = s.endFrameNo;
    if (s.size > size) size = s.size;
    created ??= s.createdAt;
    formats.add(s.format);
    locations.add(s.location);
    statuses.add(statusText(s, verified.get(s.file)));
  }
  const frames = [frameText(frame), ...(walFrame === null ? [] : [segmentFrameText('sqlite-wal', walFrame)])];
  const texts: Record<string, string[]> = {
    startFrameNo: frames,
    endFrameNo: frames,
    createdAt: [created === null ? '—' : whenShort(created)],
    format: [...formats],
    size: [bytes(size), '88.8 KiB'],
    location: [...locations],
    generation: [...generations],
    status: [...statuses],
  };
  return columns.map((c) => ({
    label: c.label,
    texts: texts[c.key] ?? [],
    fixed: c.key === 'startFrameNo' || c.key === 'endFrameNo',
    sorted: c.key === sortedBy,
    // A problem's code and a warning are shown bold: measured so, they are never cut.
    bold: c.key === 'status',
  }));
}

/** The table's columns for these rows, each generation's short name, and the grid they make. */
export interface SegmentColumns {
  columns: readonly SegmentColumn[];
  /** Each generation's id to the prefix shown; null where the listing has no generations. */
  generations: ReadonlyMap<string, string> | null;
  /** The rows' and header's `grid-template-columns`. */
  template: string;
  /** The least width the columns need whole, with the scroll bar's room. */
  least: number;
}

/** The columns sized to the texts they will show, measured in the page's font. */
export function useSegmentColumns(
  rows: readonly ListedSegment[],
  listing: ListResult | null,
  verified: Verified,
  sortedBy: SortColumn,
): SegmentColumns {
  // A generation's whole id would take a quarter of a 1024 px window: the column shows the shortest
  // prefix no other generation of the listing shares, as the timeline labels it; the cell's title
  // and the row's file name give it whole.
  const generations = useMemo(() => {
    const ids = new Set<string>();
    for (const r of listing?.segments ?? rows) {
      const g = generationOf(r);
      if (g !== null) ids.add(g);
    }
    return ids.size > 0 ? shortIds([...ids]) : null;
  }, [listing, rows]);
  const withGeneration = generations !== null;
  const columns = useMemo(
    () =>
      withGeneration
        ? [...COLUMNS.slice(0, 6), { key: 'generation' as const, label: 'Generation' }, ...COLUMNS.slice(6)]
        : COLUMNS,
    [withGeneration],
  );
  const template = useMemo(() => {
    measure ??= canvasMeasure(getComputedStyle(document.documentElement).fontFamily);
    const texts = columnTexts(rows, columns, verified, sortedBy, generations);
    const widths = columnWidths(texts, measure);
    return { columns: columnTemplate(texts, widths, CHECK), least: leastWidth(widths, CHECK) + GUTTER };
  }, [rows, columns, verified, sortedBy, generations]);
  return { columns, generations, template: template.columns, least: template.least };
}
