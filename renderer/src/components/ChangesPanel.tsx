import { useState } from 'react';
import type { RowChange } from '../../../core/timetravel/diff.js';
import type { SqlValue } from '../../../core/timetravel/sql.js';
import { useStore } from '../store.js';
import { useTimeTravel } from '../time-travel-store.js';
import { PointPicker } from './PointPicker.js';

const show = (v: SqlValue | undefined) => (v === undefined ? '' : v === null ? 'NULL' : typeof v === 'object' ? `x'${v.$hex}'` : String(v));
function RowPair({ row, columns }: { row: RowChange; columns: string[] }) {
  return (
    <tr className={`change-${row.change}`}>
      <th scope="row">
        {row.change} {row.key.map(show).join(', ')}
      </th>
      {columns.map((c) => {
        const before = row.before?.[c];
        const after = row.after?.[c];
        const differs = show(before) !== show(after);
        return (
          <td key={c} className={differs ? 'differs' : ''}>
            {row.before ? show(before) : '—'} → {row.after ? show(after) : '—'}
          </td>
        );
      })}
    </tr>
  );
}

/** What changed between two restore points: tables with counts, then a table's rows before and after. */
export function ChangesPanel() {
  const { points, changes, comparing, changesError, compare, compareSegmentEnds, cancel } = useTimeTravel();
  const chosen = useStore((s) => s.forComparison);
  const listing = useStore((s) => s.listing);
  const ends = chosen.map((file) => listing?.segments.find((s) => s.file === file)?.endFrameNo).filter((e): e is bigint => e !== undefined);
  const [open, setOpen] = useState<string | null>(null);
  const table = changes?.tables.find((t) => t.name === open) ?? null;
  const columns = table ? [...new Set(table.rows.flatMap((r) => Object.keys(r.after ?? r.before ?? {})))] : [];
  return (
    <section role="region" aria-label="Changes" className="changes">
      <h2>Changes between two points</h2>
      <div className="actions">
        <PointPicker name="From point" slot="from" />
        <PointPicker name="To point" slot="to" />
        <button type="button" disabled={points.length < 2 || comparing} onClick={() => void compare()}>
          Show changes
        </button>
        <button type="button" disabled={ends.length !== 2 || comparing} title="Choose two rows in the Segments table" onClick={() => void compareSegmentEnds(ends[0] ?? 0n, ends[1] ?? 0n)}>
          Between the two chosen segments
        </button>
        {comparing && (
          <button type="button" onClick={() => void cancel()}>
            Cancel
          </button>
        )}
        <span role="status" className="hint">
          {comparing ? 'Comparing…' : changesError ? `${changesError.code}: ${changesError.message}` : changes ? `from frame ${changes.fromFrameNo} to frame ${changes.toFrameNo}` : ''}
        </span>
      </div>
      {changes && (
        <>
          <table aria-label="Changed tables">
            <thead>
              <tr>
                <th>Table</th>
                <th>Added</th>
                <th>Removed</th>
                <th>Changed</th>
              </tr>
            </thead>
            <tbody>
              {changes.schema.map((s) => (
                <tr key={`schema-${s.name}`}>
                  <th scope="row">
                    {s.type} {s.name}
                  </th>
                  <td colSpan={3}>{s.change}</td>
                </tr>
              ))}
              {changes.tables.map((t) => (
                <tr key={t.name} className="clickable" onClick={() => setOpen(t.name)}>
                  <th scope="row">{t.name}</th>
                  <td>{t.added}</td>
                  <td>{t.removed}</td>
                  <td>{t.changed}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {changes.schema.length === 0 && changes.tables.length === 0 && <p className="hint">No changes.</p>}
          {table && (
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
                {table.rows.map((r) => (
                  <RowPair key={`${r.change}-${r.key.map(show).join(',')}`} row={r} columns={columns} />
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </section>
  );
}
