import type { CSSProperties, KeyboardEvent } from 'react';
import { arrowAlong } from '../roving-focus.js';
import type { SegmentColumn } from '../segment-columns.js';
import { useStore } from '../store.js';

/** Columns of numbers: right-aligned under a right-aligned header. */
const NUMERIC = new Set<SegmentColumn['key']>(['startFrameNo', 'endFrameNo', 'size']);

/** The Segments table's header: a sort button a column (the generation's has none), the sort shown. */
export function SegmentsHeader({
  columns,
  grid,
  wide,
}: {
  columns: readonly SegmentColumn[];
  grid: CSSProperties;
  wide: CSSProperties;
}) {
  const sort = useStore((s) => s.sort);
  const { setSort } = useStore.getState();
  // The sort buttons are one Tab stop (the sorted column's); the arrows, Home and End move along them.
  const onHeadKey = (e: KeyboardEvent<HTMLDivElement>) =>
    arrowAlong(e, [...e.currentTarget.querySelectorAll<HTMLButtonElement>('button.sort')]);
  return (
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
  );
}
