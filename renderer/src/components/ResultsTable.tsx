import { useVirtualizer } from '@tanstack/react-virtual';
import { useMemo, useRef, useState } from 'react';
import type { SqlResult, SqlValue } from '../../../core/timetravel/sql.js';

const ROW_HEIGHT = 24;

export function cellText(value: SqlValue): string {
  if (value === null) return 'NULL';
  if (typeof value === 'object') return `x'${value.$hex}'`;
  return String(value);
}

const isNumber = (v: SqlValue | undefined) => typeof v === 'number' || typeof v === 'bigint';

/** NULLs first, then numbers by value, then text, then blobs, as SQLite orders them. */
function compareValues(a: SqlValue | undefined, b: SqlValue | undefined): number {
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

/** A query's rows, virtualized: numbers right-aligned, any column sorted by a click on its header. */
export function ResultsTable({ result }: { result: SqlResult }) {
  const scroller = useRef<HTMLDivElement>(null);
  const [sort, setSort] = useState<{ column: number; descending: boolean } | null>(null);
  const rows = useMemo(() => {
    if (!sort) return result.rows;
    const sorted = [...result.rows].sort((a, b) => compareValues(a[sort.column], b[sort.column]));
    return sort.descending ? sorted.reverse() : sorted;
  }, [result, sort]);
  // A column is numeric when its first non-null values are numbers.
  const numeric = useMemo(
    () =>
      result.columns.map(
        (_, i) =>
          result.rows.slice(0, 50).some((r) => isNumber(r[i])) &&
          !result.rows.slice(0, 50).some((r) => typeof r[i] === 'string'),
      ),
    [result],
  );
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
  });
  // Each column at most 28em, the rest an empty track: one count in a wide window sits under its
  // name near the row's start, not 1,200 px away at the right edge.
  const columns = `repeat(${Math.max(1, result.columns.length)}, minmax(90px, 28em)) minmax(0, 1fr)`;
  const onSort = (column: number) =>
    setSort((s) => (s?.column === column ? { column, descending: !s.descending } : { column, descending: false }));
  return (
    <div role="table" aria-label="Results" aria-rowcount={rows.length + 1} className="results">
      <div role="rowgroup">
        <div role="row" className="result-row head" style={{ gridTemplateColumns: columns }}>
          {result.columns.map((c, i) => (
            <span
              role="columnheader"
              key={`${c}-${i}`}
              className={`cell${numeric[i] ? ' num' : ''}`}
              aria-sort={sort?.column === i ? (sort.descending ? 'descending' : 'ascending') : 'none'}
            >
              <button type="button" className="plain sort" onClick={() => onSort(i)}>
                {c}
                {sort?.column === i ? (sort.descending ? ' ▾' : ' ▴') : ''}
              </button>
            </span>
          ))}
        </div>
      </div>
      <div role="rowgroup" ref={scroller} className="result-body" tabIndex={0} aria-label="Result rows">
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const row = rows[item.index];
            if (!row) return null;
            return (
              <div
                role="row"
                key={item.index}
                aria-rowindex={item.index + 2}
                className="result-row"
                style={{
                  gridTemplateColumns: columns,
                  position: 'absolute',
                  top: 0,
                  transform: `translateY(${item.start}px)`,
                  height: ROW_HEIGHT,
                  width: '100%',
                }}
              >
                {row.map((value, i) => (
                  <span role="cell" key={i} className={`cell${isNumber(value) ? ' num' : ''}`} title={cellText(value)}>
                    {cellText(value)}
                  </span>
                ))}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
