import { useVirtualizer } from '@tanstack/react-virtual';
import { type CSSProperties, useEffect, useRef } from 'react';
import type { ListedSegment } from '../../../core/model/results.js';
import { useSegmentColumns } from '../segment-columns.js';
import { onRowKey } from '../segment-row-keys.js';
import { SegmentRow } from './SegmentRow.js';
import { ROW_HEIGHT } from '../segment-row.js';
import { SegmentsHeader } from './SegmentsHeader.js';
import { useStore } from '../store.js';
import { useVerify } from '../verify-store.js';

/** More than the rows in view with the overscan on a tall screen; see `slots` below. */
const SLOTS = 128;

/** Every segment by frame range, virtualized: only the rows in view are in the DOM. */
export function SegmentsTable({ rows }: { rows: ListedSegment[] }) {
  const sort = useStore((s) => s.sort);
  const selected = useStore((s) => s.selected);
  const forComparison = useStore((s) => s.forComparison);
  const reveal = useStore((s) => s.reveal);
  const busy = useStore((s) => !s.listing && s.firstRows !== null);
  const verified = useVerify((s) => s.results);
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    // A scroll that jumps renders every row in view and the overscan anew, each frame: a few rows
    // each side keep a wheel's or an arrow's small steps drawn ahead without adding to every jump.
    overscan: 4,
  });
  const listing = useStore((s) => s.listing);
  const { columns, generations, template, least } = useSegmentColumns(rows, listing, verified, sort.column);
  const grid = { gridTemplateColumns: template } satisfies CSSProperties;
  // Narrower than its columns, the table scrolls sideways as one (header and rows), never cutting a column off.
  const wide = { minWidth: least } satisfies CSSProperties;

  useEffect(() => useStore.getState().setTableLeast(least), [least]);

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

  return (
    <div role="table" aria-label="Segments" aria-rowcount={rows.length + 1} aria-busy={busy} className="table">
      <SegmentsHeader columns={columns} grid={grid} wide={wide} />
      <div
        role="rowgroup"
        className="body"
        ref={scroller}
        tabIndex={0}
        onKeyDown={(e) =>
          onRowKey(e, {
            rows,
            selected,
            viewHeight: scroller.current?.clientHeight,
            scrollTo: (index) => virtualizer.scrollToIndex(index),
          })
        }
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
                columns={template}
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
