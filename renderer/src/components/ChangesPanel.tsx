import { type KeyboardEvent, useState } from 'react';
import type { RowChange } from '../../../core/timetravel/compare-table.js';
import type { DiffResult } from '../../../core/timetravel/diff.js';
import type { SqlValue } from '../../../core/timetravel/sql.js';
import { pointText } from '../format.js';
import { useStore } from '../store.js';
import { useTimeTravel } from '../time-travel-store.js';
import { AllowGaps } from './AllowGaps.js';
import { FocusKeptButton } from './FocusKeptButton.js';
import { PointPicker } from './PointPicker.js';
import { PointsLeftOut } from './PointsLeftOut.js';
import { RegionError } from './RegionError.js';

const show = (v: SqlValue | undefined) =>
  v === undefined ? '' : v === null ? 'NULL' : typeof v === 'object' ? `x'${v.$hex}'` : String(v);

/** Moves focus to the row above or below with the arrow keys: the rows are one list to the keyboard. */
function stepRows(e: KeyboardEvent<HTMLTableRowElement>): void {
  const next =
    e.key === 'ArrowDown'
      ? e.currentTarget.nextElementSibling
      : e.key === 'ArrowUp'
        ? e.currentTarget.previousElementSibling
        : null;
  if (next instanceof HTMLElement) {
    e.preventDefault();
    next.focus();
  }
}

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

/** The two points a diff stands between, as the command names them. */
function betweenText(d: DiffResult): string {
  const from = pointText({ frameNo: d.fromFrameNo, walFrame: d.fromWalFrame, generation: d.fromGeneration });
  return `from ${from} to ${pointText({ frameNo: d.toFrameNo, walFrame: d.toWalFrame, generation: d.toGeneration })}`;
}

/** What changed between two restore points: tables with counts, then a table's rows. */
export function ChangesPanel() {
  const { points, changes, comparing, changesError, compare, compareSegmentEnds, cancel } = useTimeTravel();
  const chosen = useStore((s) => s.forComparison);
  const listing = useStore((s) => s.listing);
  const ends = chosen
    .map((file) => listing?.segments.find((s) => s.file === file)?.endFrameNo)
    .filter((e): e is bigint => e !== undefined);
  const [open, setOpen] = useState<string | null>(null);
  const table = changes?.tables.find((t) => t.name === open) ?? null;
  const columns = table ? [...new Set(table.rows.flatMap((r) => Object.keys(r.after ?? r.before ?? {})))] : [];
  const total = table ? table.added + table.removed + table.changed : 0;
  return (
    <section role="region" aria-label="Changes" className="changes">
      <div className="actions">
        <PointPicker name="From point" slot="from" />
        <PointPicker name="To point" slot="to" />
      </div>
      <PointsLeftOut />
      <AllowGaps refused={changesError?.code === 'CHAIN_GAP'} />
      <div className="actions">
        <FocusKeptButton unavailable={comparing} disabled={points.length < 2} onClick={() => void compare()}>
          Show changes
        </FocusKeptButton>
        <button
          type="button"
          disabled={ends.length !== 2 || comparing}
          title="Tick two rows in the Segments table"
          onClick={() => void compareSegmentEnds(ends[0] ?? 0n, ends[1] ?? 0n)}
        >
          Between the two chosen segments
        </button>
        <button type="button" disabled={!comparing} onClick={() => void cancel()}>
          Cancel
        </button>
        <span role="status" className="hint">
          {comparing ? 'Comparing…' : changes ? betweenText(changes) : ''}
        </span>
      </div>
      <RegionError error={changesError} />
      {changes && (
        <div className="changes-body" tabIndex={0} role="group" aria-label="Changes found">
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
                <tr
                  key={t.name}
                  className="clickable"
                  tabIndex={0}
                  aria-current={open === t.name ? 'true' : undefined}
                  onClick={() => setOpen(t.name)}
                  onKeyDown={(e) =>
                    e.key === 'Enter' || e.key === ' ' ? (e.preventDefault(), setOpen(t.name)) : stepRows(e)
                  }
                >
                  <th scope="row">{t.name}</th>
                  {t.notCompared !== undefined ? (
                    <td colSpan={3}>rows not compared: {t.notCompared}</td>
                  ) : (
                    <>
                      <td className="num">{t.added.toLocaleString('en-US')}</td>
                      <td className="num">{t.removed.toLocaleString('en-US')}</td>
                      <td className="num">{t.changed.toLocaleString('en-US')}</td>
                    </>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
          {changes.schema.length === 0 && changes.tables.length === 0 && <p className="hint">No changes.</p>}
          {table?.notCompared !== undefined && (
            <p className="hint">
              Rows of {table.name} not compared: {table.notCompared}
            </p>
          )}
          {table && table.notCompared === undefined && (
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
                    <RowPair
                      key={`${r.change}-${r.key.map(show).join(',')}-${i}`}
                      row={r}
                      columns={columns}
                      first={i === 0}
                    />
                  ))}
                </tbody>
              </table>
            </>
          )}
        </div>
      )}
    </section>
  );
}
