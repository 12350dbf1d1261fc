import { type VirtualItem, useVirtualizer } from '@tanstack/react-virtual';
import { useMemo, useRef } from 'react';
import type { SqlResult, SqlValue } from '../../../core/timetravel/sql.js';
import { type ResultSort, useSortedRows } from '../result-sort.js';
import { cellText, isNumber } from '../sql-value.js';

const ROW_HEIGHT = 24;
/** Rows looked at to tell a numeric column. */
const SAMPLED = 50;

/** Whether each column is numeric: its first values hold numbers and no text. */
function numericColumns(result: SqlResult): boolean[] {
  const sample = result.rows.slice(0, SAMPLED);
  return result.columns.map(
    (_, i) => sample.some((r) => isNumber(r[i])) && !sample.some((r) => typeof r[i] === 'string'),
  );
}

interface HeadProps {
  result: SqlResult;
  numeric: boolean[];
  template: string;
  sort: ResultSort | null;
  sortBy: (column: number) => void;
}

/** The header row: each column's name is the button that sorts by it, its arrow the way it is sorted. */
function ResultsHead({ result, numeric, template, sort, sortBy }: HeadProps) {
  return (
    <div role="rowgroup">
      <div role="row" className="result-row head" style={{ gridTemplateColumns: template }}>
        {result.columns.map((c, i) => (
          <span
            role="columnheader"
            key={`${c}-${i}`}
            className={`cell${numeric[i] ? ' num' : ''}`}
            aria-sort={sort?.column === i ? (sort.descending ? 'descending' : 'ascending') : 'none'}
          >
            <button type="button" className="plain sort" onClick={() => sortBy(i)}>
              {c}
              {sort?.column === i ? (sort.descending ? ' ▾' : ' ▴') : ''}
            </button>
          </span>
        ))}
      </div>
    </div>
  );
}

/** One row of values where the virtualizer places it, numbers right-aligned. */
function ResultRow({ row, item, template }: { row: SqlValue[]; item: VirtualItem; template: string }) {
  return (
    <div
      role="row"
      aria-rowindex={item.index + 2}
      className="result-row"
      style={{
        gridTemplateColumns: template,
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
}

/** A query's rows, virtualized: numbers right-aligned, any column sorted by a click on its header. */
export function ResultsTable({ result }: { result: SqlResult }) {
  const scroller = useRef<HTMLDivElement>(null);
  const { rows, sort, sortBy } = useSortedRows(result);
  const numeric = useMemo(() => numericColumns(result), [result]);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
  });
  // Each column at most 28em, the rest an empty track: one count in a wide window sits under its
  // name near the row's start, not 1,200 px away at the right edge.
  const template = `repeat(${Math.max(1, result.columns.length)}, minmax(90px, 28em)) minmax(0, 1fr)`;
  return (
    <div role="table" aria-label="Results" aria-rowcount={rows.length + 1} className="results">
      <ResultsHead result={result} numeric={numeric} template={template} sort={sort} sortBy={sortBy} />
      <div role="rowgroup" ref={scroller} className="result-body" tabIndex={0} aria-label="Result rows">
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const row = rows[item.index];
            return row ? <ResultRow key={item.index} row={row} item={item} template={template} /> : null;
          })}
        </div>
      </div>
    </div>
  );
}
