import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef, useState } from 'react';
import type { SqlResult, SqlValue } from '../../../core/timetravel/sql.js';
import { useTimeTravel } from '../time-travel-store.js';
import { PointPicker } from './PointPicker.js';

const ROW_HEIGHT = 24;

function cellText(value: SqlValue): string {
  if (value === null) return 'NULL';
  if (typeof value === 'object') return `x'${value.$hex}'`;
  return String(value);
}

function csvField(value: SqlValue): string {
  const text = value === null ? '' : cellText(value);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Saves the rows as a file the browser downloads (no server round trip). */
function download(name: string, type: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  URL.revokeObjectURL(url);
}

function exportCsv(result: SqlResult): void {
  const lines = [result.columns.map((c) => csvField(c)).join(','), ...result.rows.map((r) => r.map(csvField).join(','))];
  download(`segscope-frame-${result.atFrameNo}.csv`, 'text/csv', `${lines.join('\n')}\n`);
}

function exportJson(result: SqlResult): void {
  const rows = result.rows.map((r) => Object.fromEntries(result.columns.map((c, i) => [c, r[i] ?? null])));
  download(`segscope-frame-${result.atFrameNo}.json`, 'application/json', JSON.stringify(rows, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), 2));
}

function Results({ result }: { result: SqlResult }) {
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({ count: result.rows.length, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 10 });
  const columns = `repeat(${Math.max(1, result.columns.length)}, minmax(80px, 1fr))`;
  return (
    <div role="table" aria-label="Results" aria-rowcount={result.rows.length + 1} className="results">
      <div role="row" className="result-row head" style={{ gridTemplateColumns: columns }}>
        {result.columns.map((c) => (
          <span role="columnheader" key={c} className="cell">
            {c}
          </span>
        ))}
      </div>
      <div ref={scroller} className="result-body">
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const row = result.rows[item.index];
            if (!row) return null;
            return (
              <div role="row" key={item.index} className="result-row" style={{ gridTemplateColumns: columns, position: 'absolute', top: 0, transform: `translateY(${item.start}px)`, height: ROW_HEIGHT, width: '100%' }}>
                {row.map((value, i) => (
                  <span role="cell" key={i} className="cell" title={cellText(value)}>
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

/** A read-only query on the database as of a restore point, chosen on a slider or typed. */
export function QueryPanel() {
  const { points, at, tables, result, running, error, run, cancel } = useTimeTravel();
  const [sql, setSql] = useState('');
  const point = points[at];
  return (
    <section role="region" aria-label="Query" className="query">
      <h2>Query as of a point</h2>
      <PointPicker name="Restore point" slot="at" />
      <div className="tables-at-hand">
        {tables.map((t) => (
          <button type="button" className="plain chip" key={t} onClick={() => setSql((q) => (q ? `${q} ${t}` : `SELECT * FROM ${t}`))}>
            {t}
          </button>
        ))}
      </div>
      <label className="sql">
        SQL
        <textarea value={sql} onChange={(e) => setSql(e.target.value)} rows={3} spellCheck={false} />
      </label>
      <div className="actions">
        <button type="button" disabled={!point || !sql.trim() || running} onClick={() => void run(sql)}>
          Run
        </button>
        {running && (
          <button type="button" onClick={() => void cancel()}>
            Cancel
          </button>
        )}
        {result && (
          <>
            <button type="button" onClick={() => exportCsv(result)}>
              Export CSV
            </button>
            <button type="button" onClick={() => exportJson(result)}>
              Export JSON
            </button>
          </>
        )}
        <span role="status" className="hint">
          {running ? 'Running…' : error ? `${error.code}: ${error.message}` : result ? `${result.rows.length} rows as of frame ${result.atFrameNo}${result.truncated ? ' (cut at the row limit)' : ''}` : ''}
        </span>
      </div>
      {result && <Results result={result} />}
    </section>
  );
}
