import { useVirtualizer } from '@tanstack/react-virtual';
import { type CSSProperties, type KeyboardEvent, useEffect, useMemo, useRef } from 'react';
import type { ListedSegment } from '../../../core/model/results.js';
import { type ColumnTexts, canvasMeasure, columnTemplate, columnWidths, leastWidth } from '../column-widths.js';
import { bytes, frameText, whenShort } from '../format.js';
import { arrowAlong } from '../roving-focus.js';
import { ROW_HEIGHT, SegmentRow, generationOf } from './SegmentRow.js';
import { shortIds } from '../timeline-generations.js';
import { useStore } from '../store.js';
import type { SortColumn } from '../store-contract.js';
import { statusText } from '../status-words.js';
import { useVerify } from '../verify-store.js';

const COLUMNS: { key: SortColumn; label: string }[] = [
  { key: 'startFrameNo', label: 'Start frame' },
  { key: 'endFrameNo', label: 'End frame' },
  { key: 'createdAt', label: 'Created' },
  { key: 'format', label: 'Format' },
  { key: 'size', label: 'Size' },
  { key: 'location', label: 'Location' },
  { key: 'status', label: 'Status' },
];
/** Columns of numbers: right-aligned under a right-aligned header. */
const NUMERIC = new Set<SortColumn>(['startFrameNo', 'endFrameNo', 'size']);
/** More than the rows in view with the overscan on a tall screen; see `slots` below. */
const SLOTS = 128;

const CHECK = 24;
/** Room for the rows' scroll bar, which the header keeps too. */
const GUTTER = 15;
let measure: ReturnType<typeof canvasMeasure> | null = null;

/** The texts each column will show, to size it: distinct values, or the widest of a kind. */
function columnTexts(
  rows: readonly ListedSegment[],
  columns: readonly { key: string; label: string }[],
  verified: ReturnType<typeof useVerify.getState>['results'],
  sortedBy: string,
  shortGenerations: ReadonlyMap<string, string> | null,
): ColumnTexts[] {
  let frame = 0n;
  let size = 0n;
  let created: string | null = null;
  const formats = new Set<string>();
  const locations = new Set<string>();
  const statuses = new Set<string>();
  const generations = new Set<string>(['—', ...(shortGenerations?.values() ?? [])]);
  for (const s of rows) {
    if (s.endFrameNo > frame) frame = s.endFrameNo;
    if (s.size > size) size = s.size;
    created ??= s.createdAt;
    formats.add(s.format);
    locations.add(s.location);
    statuses.add(statusText(s, verified.get(s.file)));
  }
  const texts: Record<string, string[]> = {
    startFrameNo: [frameText(frame)],
    endFrameNo: [frameText(frame)],
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

/** Every segment by frame range, virtualized: only the rows in view are in the DOM. */
export function SegmentsTable({ rows }: { rows: ListedSegment[] }) {
  const sort = useStore((s) => s.sort);
  const selected = useStore((s) => s.selected);
  const forComparison = useStore((s) => s.forComparison);
  const reveal = useStore((s) => s.reveal);
  const busy = useStore((s) => !s.listing && s.firstRows !== null);
  const verified = useVerify((s) => s.results);
  const { select, toggleComparison, setSort } = useStore.getState();
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    // A scroll that jumps renders every row in view and the overscan anew, each frame: a few rows
    // each side keep a wheel's or an arrow's small steps drawn ahead without adding to every jump.
    overscan: 4,
  });
  // A generation's whole id would take a quarter of a 1024 px window: the column shows the shortest
  // prefix no other generation of the listing shares, as the timeline labels it; the cell's title
  // and the row's file name give it whole.
  const listing = useStore((s) => s.listing);
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
    const texts = columnTexts(rows, columns, verified, sort.column, generations);
    const widths = columnWidths(texts, measure);
    return { columns: columnTemplate(texts, widths, CHECK), least: leastWidth(widths, CHECK) + GUTTER };
  }, [rows, columns, verified, sort.column, generations]);
  const grid = { gridTemplateColumns: template.columns } satisfies CSSProperties;
  // Narrower than its columns, the table scrolls sideways as one (header and rows), never cutting a column off.
  const wide = { minWidth: template.least } satisfies CSSProperties;

  useEffect(() => useStore.getState().setTableLeast(template.least), [template.least]);

  // When the rows area shrinks (Details opening below it, a smaller window) the selected row stays in view.
  const latest = useRef({ rows, selected });
  latest.current = { rows, selected };
  useEffect(() => {
    const area = scroller.current;
    if (!area) return;
    let height = area.clientHeight;
    const observer = new ResizeObserver(() => {
      const shrank = area.clientHeight < height;
      height = area.clientHeight;
      const at = shrank ? latest.current.rows.findIndex((r) => r.file === latest.current.selected) : -1;
      if (at >= 0) virtualizer.scrollToIndex(at, { align: 'auto' });
    });
    observer.observe(area);
    return () => observer.disconnect();
  }, [virtualizer]);

  // A timeline click scrolls the table to the row it names.
  useEffect(() => {
    if (!reveal) return;
    const at = rows.findIndex((r) => r.file === reveal.file);
    if (at >= 0) virtualizer.scrollToIndex(at, { align: 'center' });
  }, [reveal, rows, virtualizer]);

  const items = virtualizer.getVirtualItems();
  // A row's element is kept for the slot it sits in, not for its segment: a scroll that jumps
  // hundreds of rows updates the rows in view instead of building and dropping all of them.
  // Indexes in view are consecutive, so they never share a slot while there are more slots than rows in view.
  const slots = Math.max(SLOTS, items.length);

  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const at = rows.findIndex((r) => r.file === selected);
    const page = Math.max(1, Math.floor((scroller.current?.clientHeight ?? ROW_HEIGHT * 10) / ROW_HEIGHT) - 1);
    if (e.key === 'Escape' && selected !== null) {
      e.preventDefault();
      void select(null);
      return;
    }
    // Enter takes the keyboard into the selected row's Details; Escape there brings it back.
    if (e.key === 'Enter' && selected !== null) {
      e.preventDefault();
      document.querySelector<HTMLElement>('.details-body')?.focus();
      return;
    }
    if (e.key === ' ' || e.key === 'Spacebar') {
      e.preventDefault();
      const row = rows[at];
      if (row) toggleComparison(row.file);
      return;
    }
    const moves: Record<string, number> = {
      ArrowDown: at + 1,
      ArrowUp: at - 1,
      PageDown: at + page,
      PageUp: at - page,
      Home: 0,
      End: rows.length - 1,
    };
    const target = moves[e.key];
    if (target === undefined || rows.length === 0) return;
    e.preventDefault();
    const index = Math.max(0, Math.min(rows.length - 1, at < 0 && e.key !== 'End' ? 0 : target));
    const next = rows[index];
    if (next) {
      void select(next.file);
      virtualizer.scrollToIndex(index);
    }
  };

  // The sort buttons are one Tab stop (the sorted column's); the arrows, Home and End move along them.
  const onHeadKey = (e: KeyboardEvent<HTMLDivElement>) =>
    arrowAlong(e, [...e.currentTarget.querySelectorAll<HTMLButtonElement>('button.sort')]);

  return (
    <div role="table" aria-label="Segments" aria-rowcount={rows.length + 1} aria-busy={busy} className="table">
      <div role="rowgroup" className="head-group" style={wide}>
        <div role="row" className="row head" style={grid} onKeyDown={onHeadKey}>
          <span role="columnheader" className="cell check">
            <span className="visually-hidden">Compare</span>
          </span>
          {columns.map((c) =>
            c.key === 'generation' ? (
              <span key={c.key} role="columnheader" className="cell">
                {c.label}
              </span>
            ) : (
              <span
                key={c.key}
                role="columnheader"
                className={`cell${NUMERIC.has(c.key) ? ' num' : ''}`}
                title={c.key === 'createdAt' ? 'Created, in UTC' : undefined}
                aria-sort={sort.column === c.key ? (sort.descending ? 'descending' : 'ascending') : 'none'}
              >
                <button
                  type="button"
                  className="plain sort"
                  tabIndex={sort.column === c.key ? 0 : -1}
                  onClick={() => setSort(c.key)}
                >
                  {c.label}
                  {sort.column === c.key ? <span aria-hidden="true">{sort.descending ? ' ▾' : ' ▴'}</span> : null}
                </button>
              </span>
            ),
          )}
        </div>
      </div>
      <div
        role="rowgroup"
        className="body"
        ref={scroller}
        tabIndex={0}
        onKeyDown={onKey}
        aria-label="Segment rows"
        style={wide}
      >
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map((item) => {
            const s = rows[item.index];
            return s ? (
              <SegmentRow
                key={item.index % slots}
                segment={s}
                index={item.index}
                top={item.start}
                columns={template.columns}
                selected={selected === s.file}
                checked={forComparison.includes(s.file)}
                verified={verified.get(s.file)}
                generations={generations}
              />
            ) : null;
          })}
        </div>
      </div>
    </div>
  );
}
