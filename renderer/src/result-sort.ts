import { useMemo, useState } from 'react';
import type { SqlResult } from '../../core/timetravel/sql.js';
import { compareValues } from './sql-value.js';

/** The column a query's rows are sorted by, and which way. */
export interface ResultSort {
  column: number;
  descending: boolean;
}

/**
 * A query's rows in the order the header clicks chose: a first click on a column sorts it
 * ascending, a second turns it around; none yet, the rows as the query gave them.
 */
export function useSortedRows(result: SqlResult) {
  const [sort, setSort] = useState<ResultSort | null>(null);
  const rows = useMemo(() => {
    if (!sort) return result.rows;
    const sorted = [...result.rows].sort((a, b) => compareValues(a[sort.column], b[sort.column]));
    return sort.descending ? sorted.reverse() : sorted;
  }, [result, sort]);
  const sortBy = (column: number) =>
    setSort((s) => (s?.column === column ? { column, descending: !s.descending } : { column, descending: false }));
  return { rows, sort, sortBy };
}
