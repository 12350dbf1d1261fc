import { useVirtualizer } from '@tanstack/react-virtual';
import { type CSSProperties, type KeyboardEvent, useEffect, useMemo, useRef } from 'react';
import type { ListedSegment } from '../../../core/model/results.js';
import { bytes, frameText, when } from '../format.js';
import { type SortColumn, useStore } from '../store.js';
import { statusKind, statusText, useVerify } from '../verify-store.js';

const COLUMNS: { key: SortColumn; label: string }[] = [
  { key: 'startFrameNo', label: 'Start frame' },
  { key: 'endFrameNo', label: 'End frame' },
  { key: 'createdAt', label: 'Created' },
  { key: 'format', label: 'Format' },
  { key: 'size', label: 'Size' },
  { key: 'location', label: 'Location' },
  { key: 'status', label: 'Status' },
];
const ROW_HEIGHT = 28;
/** More than the rows in view with the overscan on a tall screen; see `slots` below. */
const SLOTS = 128;

/** A bottomless generation, where the layout gives rows one. */
function generationOf(s: ListedSegment): string | null {
  const g: unknown = (s as ListedSegment & { generation?: unknown }).generation;
  return typeof g === 'string' || typeof g === 'number' || typeof g === 'bigint' ? String(g) : null;
}

/** Characters the widest frame number takes with its grouping commas (at least "Start frame"'s). */
function frameChars(rows: readonly ListedSegment[]): number {
  let max = 0n;
  for (const s of rows) if (s.endFrameNo > max) max = s.endFrameNo;
  const digits = max.toString().length;
  return Math.max(13, digits + Math.floor((digits - 1) / 3));
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
    overscan: 12,
  });
  const widest = useMemo(() => frameChars(rows), [rows]);
  const withGeneration = useMemo(() => rows.some((r) => generationOf(r) !== null), [rows]);
  const grid = {
    gridTemplateColumns:
      `28px repeat(2, calc(${widest}ch + 16px)) minmax(80px, 1.4fr) minmax(62px, 0.8fr) minmax(66px, 0.7fr) ` +
      `minmax(74px, 0.6fr)${withGeneration ? ' minmax(64px, 0.7fr)' : ''} minmax(90px, 1fr)`,
  } satisfies CSSProperties;

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
  const page = Math.max(1, Math.floor((scroller.current?.clientHeight ?? ROW_HEIGHT * 10) / ROW_HEIGHT) - 1);

  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const at = rows.findIndex((r) => r.file === selected);
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

  const columns = withGeneration
    ? [...COLUMNS.slice(0, 6), { key: 'generation' as const, label: 'Generation' }, ...COLUMNS.slice(6)]
    : COLUMNS;
  return (
    <div role="table" aria-label="Segments" aria-rowcount={rows.length + 1} aria-busy={busy} className="table">
      <div role="rowgroup">
        <div role="row" className="row head" style={grid}>
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
                className="cell"
                aria-sort={sort.column === c.key ? (sort.descending ? 'descending' : 'ascending') : 'none'}
              >
                <button type="button" className="plain sort" onClick={() => setSort(c.key)}>
                  {c.label}
                  {sort.column === c.key ? (sort.descending ? ' ▾' : ' ▴') : ''}
                </button>
              </span>
            ),
          )}
        </div>
      </div>
      <div role="rowgroup" className="body" ref={scroller} tabIndex={0} onKeyDown={onKey} aria-label="Segment rows">
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map((item) => {
            const s = rows[item.index];
            if (!s) return null;
            const v = verified.get(s.file);
            const generation = withGeneration ? generationOf(s) : null;
            return (
              <div
                key={item.index % slots}
                role="row"
                aria-rowindex={item.index + 2}
                aria-selected={selected === s.file}
                className={`row${selected === s.file ? ' selected' : ''}`}
                style={{
                  ...grid,
                  position: 'absolute',
                  top: 0,
                  transform: `translateY(${item.start}px)`,
                  height: ROW_HEIGHT,
                  width: '100%',
                }}
                onClick={() => void select(s.file)}
                title={s.file}
              >
                <span role="cell" className="cell check">
                  <input
                    type="checkbox"
                    tabIndex={-1}
                    aria-label="Select for comparison"
                    checked={forComparison.includes(s.file)}
                    onClick={(e) => e.stopPropagation()}
                    onChange={() => toggleComparison(s.file)}
                  />
                </span>
                <span role="cell" className="cell num">
                  {frameText(s.startFrameNo)}
                </span>
                <span role="cell" className="cell num">
                  {frameText(s.endFrameNo)}
                </span>
                <span role="cell" className="cell" title={s.createdAt ?? undefined}>
                  {s.createdAt === null ? '—' : when(s.createdAt)}
                </span>
                <span role="cell" className="cell">
                  {s.format}
                </span>
                <span role="cell" className="cell num">
                  {bytes(s.size)}
                </span>
                <span role="cell" className={`cell location-${s.location}`}>
                  {s.location}
                </span>
                {withGeneration && (
                  <span role="cell" className="cell">
                    {generation ?? '—'}
                  </span>
                )}
                <span role="cell" className={`cell status-${statusKind(s, v)}`}>
                  {statusText(s, v)}
                </span>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
