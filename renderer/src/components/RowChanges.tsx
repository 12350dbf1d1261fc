import type { RowChange, TableChanges } from '../../../core/timetravel/compare-table.js';
import type { SqlValue } from '../../../core/timetravel/sql.js';
import { stepRows } from '../roving-focus.js';
import { cellText } from '../sql-value.js';

/** A value of a changed row; one the row did not have on that side, nothing. */
const show = (v: SqlValue | undefined) => (v === undefined ? '' : cellText(v));

/** One changed row: its kind in words and colour; for a changed row, only the cells that differ marked. */
function RowPair({ row, columns, first }: { row: RowChange; columns: string[]; first: boolean }) {
  return (
    <tr className={`change-${row.change}`} tabIndex={first ? 0 : -1} onKeyDown={stepRows}>
      <th scope="row">
        {row.change} {row.key.map(show).join(', ')}
      </th>
      {columns.map((c) => {
        const before = show(row.before?.[c]);
        const after = show(row.after?.[c]);
        if (row.change !== 'changed') {
          const value = row.change === 'added' ? after : before;
          return (
            <td key={c} title={value}>
              {value}
            </td>
          );
        }
        const differs = before !== after;
        return (
          <td key={c} className={differs ? 'differs' : ''} title={differs ? `${before} → ${after}` : after}>
            {differs ? (
              <>
                <del>{before}</del> → <ins>{after}</ins>
              </>
            ) : (
              after
            )}
          </td>
        );
      })}
    </tr>
  );
}

/** One table's changed rows: how many are shown of how many, the colours' key, then the rows. */
export function RowChanges({ table }: { table: TableChanges }) {
  const columns = [...new Set(table.rows.flatMap((r) => Object.keys(r.after ?? r.before ?? {})))];
  const total = table.added + table.removed + table.changed;
  return (
    <>
      <p className="hint">
        {table.rows.length < total
          ? `${table.rows.length.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} shown`
          : `all ${total.toLocaleString('en-US')} shown`}{' '}
        · <span className="change-added">added</span>, <span className="change-removed">removed</span>,{' '}
        <span className="change-changed">changed</span>
      </p>
      <table aria-label={`Rows of ${table.name}`} className="row-changes">
        <thead>
          <tr>
            <th>Row</th>
            {columns.map((c) => (
              <th key={c}>{c}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((r, i) => (
            <RowPair key={`${r.change}-${r.key.map(show).join(',')}-${i}`} row={r} columns={columns} first={i === 0} />
          ))}
        </tbody>
      </table>
    </>
  );
}
