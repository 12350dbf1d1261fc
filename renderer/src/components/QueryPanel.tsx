import { type KeyboardEvent, useState } from 'react';
import type { SqlResult, SqlValue } from '../../../core/timetravel/sql.js';
import { pointText } from '../format.js';
import { useOpenNamespace } from '../open-namespace.js';
import { useTimeTravel } from '../time-travel-store.js';
import { AllowGaps } from './AllowGaps.js';
import { FocusKeptButton } from './FocusKeptButton.js';
import { PointPicker } from './PointPicker.js';
import { PointsLeftOut } from './PointsLeftOut.js';
import { ResultsTable } from './ResultsTable.js';
import { cellText } from '../sql-value.js';

const HISTORY_KEPT = 50;

function csvField(value: SqlValue | string): string {
  const text = value === null ? '' : typeof value === 'string' ? value : cellText(value);
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
  const lines = [
    result.columns.map((c) => csvField(c)).join(','),
    ...result.rows.map((r) => r.map(csvField).join(',')),
  ];
  download(`segscope-frame-${result.atFrameNo}.csv`, 'text/csv', `${lines.join('\n')}\n`);
}

function exportJson(result: SqlResult): void {
  const rows = result.rows.map((r) => Object.fromEntries(result.columns.map((c, i) => [c, r[i] ?? null])));
  download(
    `segscope-frame-${result.atFrameNo}.json`,
    'application/json',
    JSON.stringify(rows, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), 2),
  );
}

/** How many rows, as of which frame, and whether they are cut or older than an error shown above them. */
function resultWords(result: SqlResult, stale: boolean): string {
  const cut = result.truncated ? ' (cut at the row limit)' : '';
  const before = stale ? ' (from the run before)' : '';
  const at = pointText({ frameNo: result.atFrameNo, walFrame: result.atWalFrame, generation: result.atGeneration });
  const count = result.rows.length;
  return `${count.toLocaleString('en-US')} ${count === 1 ? 'row' : 'rows'} as of ${at}${cut}${before}`;
}

/** Statements run in a namespace, newest first, kept in this browser's storage. */
function useHistory(namespace: string): [string[], (sql: string) => void] {
  const key = `segscope-sql-history:${namespace}`;
  const read = (): string[] => {
    try {
      const parsed: unknown = JSON.parse(window.localStorage.getItem(key) ?? '[]');
      return Array.isArray(parsed) ? parsed.filter((q): q is string => typeof q === 'string') : [];
    } catch {
      return [];
    }
  };
  const [, redraw] = useState(0);
  const remember = (sql: string) => {
    const next = [sql, ...read().filter((q) => q !== sql)].slice(0, HISTORY_KEPT);
    window.localStorage.setItem(key, JSON.stringify(next));
    redraw((n) => n + 1);
  };
  return [read(), remember];
}

/** A read-only query on the database as of a restore point. */
export function QueryPanel() {
  const { points, at, tables, result, running, error, run, cancel } = useTimeTravel();
  const namespace = useOpenNamespace().shown;
  const [history, remember] = useHistory(namespace);
  const [sql, setSql] = useState('');
  const point = points[at];
  const canRun = point !== undefined && sql.trim() !== '' && !running;
  const start = () => {
    if (!canRun) return;
    remember(sql.trim());
    void run(sql);
  };
  const onKey = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      start();
    }
  };
  return (
    <section role="region" aria-label="Query" className="query">
      <PointPicker name="Restore point" slot="at" />
      <PointsLeftOut />
      <AllowGaps refused={error?.code === 'CHAIN_GAP'} />
      {tables.length > 0 && (
        <div className="tables-at-hand" aria-label="Tables at this point" role="group">
          {tables.map((t) => (
            <button
              type="button"
              className="plain chip"
              key={t}
              onClick={() => setSql((q) => (q ? `${q} ${t}` : `SELECT * FROM ${t}`))}
            >
              {t}
            </button>
          ))}
        </div>
      )}
      <label className="sql">
        SQL (Ctrl+Enter or ⌘+Enter runs it)
        <textarea
          aria-label="SQL"
          value={sql}
          onChange={(e) => setSql(e.target.value)}
          onKeyDown={onKey}
          rows={3}
          spellCheck={false}
          aria-keyshortcuts="Control+Enter Meta+Enter"
        />
      </label>
      <div className="actions">
        <FocusKeptButton unavailable={running} disabled={point === undefined || sql.trim() === ''} onClick={start}>
          Run
        </FocusKeptButton>
        <button type="button" disabled={!running} onClick={() => void cancel()}>
          Cancel
        </button>
        <label>
          History{' '}
          <select
            aria-label="History"
            value=""
            onChange={(e) => e.target.value && setSql(e.target.value)}
            disabled={history.length === 0}
          >
            <option value="">{history.length === 0 ? 'none yet' : `${history.length} in ${namespace}`}</option>
            {history.map((q) => (
              <option key={q} value={q}>
                {q.length > 80 ? `${q.slice(0, 80)}…` : q}
              </option>
            ))}
          </select>
        </label>
        <button type="button" disabled={!result} onClick={() => result && exportCsv(result)}>
          Export CSV
        </button>
        <button type="button" disabled={!result} onClick={() => result && exportJson(result)}>
          Export JSON
        </button>
        <span role="status" className="hint">
          {running ? 'Running…' : result ? resultWords(result, error !== null) : ''}
        </span>
      </div>
      {error && (
        <p role="alert" className="query-error">
          <code>{error.code}</code> {error.message}
        </p>
      )}
      {result && <ResultsTable result={result} />}
    </section>
  );
}
