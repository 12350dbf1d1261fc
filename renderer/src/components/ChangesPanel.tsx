import { useState } from 'react';
import type { DiffResult } from '../../../core/timetravel/diff.js';
import { pointText } from '../format.js';
import { stepRows } from '../roving-focus.js';
import { useStore } from '../store.js';
import { useTimeTravel } from '../time-travel-store.js';
import { AllowGaps } from './AllowGaps.js';
import { FocusKeptButton } from './FocusKeptButton.js';
import { PointPicker } from './PointPicker.js';
import { PointsLeftOut } from './PointsLeftOut.js';
import { RegionError } from './RegionError.js';
import { RowChanges } from './RowChanges.js';
import { WarningNote } from './WarningNote.js';
import { unprovenNote } from '../../../core/model/unproven-note.js';
import { logMismatchNote } from '../../../core/model/log-mismatch.js';

/** The two points a diff stands between, as the command names them. */
function betweenText(d: DiffResult): string {
  return `from ${fromText(d)} to ${toText(d)}`;
}

const fromText = (d: DiffResult) =>
  pointText({ frameNo: d.fromFrameNo, walFrame: d.fromWalFrame, generation: d.fromGeneration });
const toText = (d: DiffResult) =>
  pointText({ frameNo: d.toFrameNo, walFrame: d.toWalFrame, generation: d.toGeneration });

/** The end frames of the segments ticked in the Segments table. */
function useChosenEnds(): bigint[] {
  const chosen = useStore((s) => s.forComparison);
  const listing = useStore((s) => s.listing);
  return chosen
    .map((file) => listing?.segments.find((s) => s.file === file)?.endFrameNo)
    .filter((e): e is bigint => e !== undefined);
}

/** Show changes between the two points, or between two segments' ends; Cancel; what is shown. */
function ChangesControls() {
  const { points, refused, changes, comparing, compare, compareSegmentEnds, cancel } = useTimeTravel();
  const ends = useChosenEnds();
  const pointRefused = refused.from !== undefined || refused.to !== undefined;
  return (
    <div className="actions">
      <FocusKeptButton
        unavailable={comparing}
        disabled={points.length < 2 || pointRefused}
        onClick={() => void compare()}
      >
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
  );
}

/** The schema's changes and each table's counts; a table's row opens its rows below. */
function ChangedTables({
  changes,
  open,
  onOpen,
}: {
  changes: DiffResult;
  open: string | null;
  onOpen: (t: string) => void;
}) {
  return (
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
            onClick={() => onOpen(t.name)}
            onKeyDown={(e) => (e.key === 'Enter' || e.key === ' ' ? (e.preventDefault(), onOpen(t.name)) : stepRows(e))}
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
  );
}

/** What changed between two restore points: tables with counts, then a table's rows. */
export function ChangesPanel() {
  const changes = useTimeTravel((s) => s.changes);
  const changesError = useTimeTravel((s) => s.changesError);
  const comparing = useTimeTravel((s) => s.comparing);
  const [open, setOpen] = useState<string | null>(null);
  const table = changes?.tables.find((t) => t.name === open) ?? null;
  return (
    <section role="region" aria-label="Changes" className="changes">
      <div className="actions">
        <PointPicker name="From point" slot="from" />
        <PointPicker name="To point" slot="to" />
      </div>
      <PointsLeftOut />
      <AllowGaps refused={changesError?.code === 'CHAIN_GAP'} />
      <ChangesControls />
      <RegionError error={changesError} />
      {changes && !comparing && (
        <>
          <WarningNote note={unprovenNote(changes.fromUnprovenPages, `the database at ${fromText(changes)}`)} />
          <WarningNote note={unprovenNote(changes.toUnprovenPages, `the database at ${toText(changes)}`)} />
          <WarningNote note={logMismatchNote(changes.fromLogMismatch, `the database at ${fromText(changes)}`)} />
          <WarningNote note={logMismatchNote(changes.toLogMismatch, `the database at ${toText(changes)}`)} />
        </>
      )}
      {changes && (
        <div className="changes-body" tabIndex={0} role="group" aria-label="Changes found">
          <ChangedTables changes={changes} open={open} onOpen={setOpen} />
          {changes.schema.length === 0 && changes.tables.length === 0 && <p className="hint">No changes.</p>}
          {table?.notCompared !== undefined && (
            <p className="hint">
              Rows of {table.name} not compared: {table.notCompared}
            </p>
          )}
          {table && table.notCompared === undefined && <RowChanges table={table} />}
        </div>
      )}
    </section>
  );
}
