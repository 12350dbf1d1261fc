import { type KeyboardEvent, useState } from 'react';
import type { SqlResult } from '../../../core/timetravel/sql.js';
import { pointText } from '../format.js';
import { useOpenNamespace } from '../open-namespace.js';
import { exportCsv, exportJson } from '../result-export.js';
import { useHistory } from '../sql-history.js';
import { useTimeTravel } from '../time-travel-store.js';
import { AllowGaps } from './AllowGaps.js';
import { FocusKeptButton } from './FocusKeptButton.js';
import { PointPicker } from './PointPicker.js';
import { PointsLeftOut } from './PointsLeftOut.js';
import { RegionError } from './RegionError.js';
import { ResultsTable } from './ResultsTable.js';
import { WarningNote } from './WarningNote.js';
import { unprovenNote } from '../../../core/model/unproven-note.js';
import { logMismatchNote } from '../../../core/model/log-mismatch.js';

/** How many rows, as of which frame, and whether they are cut or older than an error shown above them. */
function resultWords(result: SqlResult, stale: boolean): string {
  const cut = result.truncated ? ' (cut at the row limit)' : '';
  const before = stale ? ' (from the run before)' : '';
  const at = pointText({ frameNo: result.atFrameNo, walFrame: result.atWalFrame, generation: result.atGeneration });
  const count = result.rows.length;
  return `${count.toLocaleString('en-US')} ${count === 1 ? 'row' : 'rows'} as of ${at}${cut}${before}`;
}

/** The tables at the point as chips: a click starts a SELECT from one, or adds its name to what is typed. */
function TablesAtHand({ tables, onTable }: { tables: string[]; onTable: (table: string) => void }) {
  if (tables.length === 0) return null;
  return (
    <div className="tables-at-hand" aria-label="Tables at this point" role="group">
      {tables.map((t) => (
        <button type="button" className="plain chip" key={t} onClick={() => onTable(t)}>
          {t}
        </button>
      ))}
    </div>
  );
}

interface HistoryProps {
  history: string[];
  namespace: string;
  onPick: (sql: string) => void;
}

/** The statements run before in this namespace: one picked is put back in the SQL field. */
function HistorySelect({ history, namespace, onPick }: HistoryProps) {
  return (
    <label>
      History{' '}
      <select
        aria-label="History"
        value=""
        onChange={(e) => e.target.value && onPick(e.target.value)}
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
  );
}

/** The rows shown, saved as a file. */
function ExportButtons({ result }: { result: SqlResult | null }) {
  return (
    <>
      <button type="button" disabled={!result} onClick={() => result && exportCsv(result)}>
        Export CSV
      </button>
      <button type="button" disabled={!result} onClick={() => result && exportJson(result)}>
        Export JSON
      </button>
    </>
  );
}

/** A read-only query on the database as of a restore point. */
export function QueryPanel() {
  const { points, at, refused, reading, tables, result, running, error, run, cancel } = useTimeTravel();
  const namespace = useOpenNamespace().shown;
  const [history, remember] = useHistory(namespace);
  const [sql, setSql] = useState('');
  // While the points are read a run waits for them: it is not refused, nor silently dropped. A
  // point typed and refused stands nowhere: Run waits for one that is a point.
  const pointAhead = refused.at === undefined && (points[at] !== undefined || reading);
  const canRun = pointAhead && sql.trim() !== '' && !running;
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
      <TablesAtHand tables={tables} onTable={(t) => setSql((q) => (q ? `${q} ${t}` : `SELECT * FROM ${t}`))} />
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
        <FocusKeptButton unavailable={running} disabled={!pointAhead || sql.trim() === ''} onClick={start}>
          Run
        </FocusKeptButton>
        <button type="button" disabled={!running} onClick={() => void cancel()}>
          Cancel
        </button>
        <HistorySelect history={history} namespace={namespace} onPick={setSql} />
        <ExportButtons result={result} />
        <span role="status" className="hint">
          {running ? 'Running…' : result ? resultWords(result, error !== null) : ''}
        </span>
      </div>
      <RegionError error={error} />
      {result && !running && (
        <>
          <WarningNote note={unprovenNote(result.atUnprovenPages, 'the database queried')} />
          <WarningNote note={logMismatchNote(result.atLogMismatch, 'the database queried')} />
        </>
      )}
      {result && <ResultsTable result={result} />}
    </section>
  );
}
