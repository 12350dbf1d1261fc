import { useMemo } from 'react';
import type { SegmentStatus } from '../../../core/model/segment-status.js';
import { frameText, parseWhole } from '../format.js';
import { useStore } from '../store.js';
import { visibleSegments } from '../visible-segments.js';
import { useVerify } from '../verify-store.js';
import { Gaps } from './Gaps.js';
import { NamespaceNotRead } from './NamespaceNotRead.js';
import { SegmentsTable } from './SegmentsTable.js';
import { Timeline } from './Timeline.js';
import { VerifyOutcome } from './VerifyOutcome.js';

const STATUSES: (SegmentStatus | 'all')[] = [
  'all',
  'ok',
  'unsealed',
  'truncated',
  'header_mismatch',
  'size_differs',
  'damaged',
  'not_a_segment',
  'trailing_data',
  'unreadable',
  'unchecked',
];

/** What the table shows, in words: never "0 of 0" while the rows are still being read. */
function CountText({ shown }: { shown: number }) {
  const listing = useStore((s) => s.listing);
  const firstRows = useStore((s) => s.firstRows);
  const loading = useStore((s) => s.loading);
  const frameFilter = useStore((s) => s.frameFilter);
  const hasDir = useStore((s) => s.settings?.dir != null);
  let text: string;
  if (!listing && firstRows) {
    const read = firstRows.segments.length.toLocaleString('en-US');
    text = `the first ${read} of about ${firstRows.candidates.toLocaleString('en-US')} segments; reading the others…`;
  } else if (!listing) text = loading ? 'reading…' : hasDir ? '' : 'open a directory to list its segments';
  else text = `${shown.toLocaleString('en-US')} of ${listing.segments.length.toLocaleString('en-US')} segments`;
  const frame = parseWhole(frameFilter);
  const gap = frame === null ? undefined : listing?.gaps.find((g) => g.fromFrameNo <= frame && frame <= g.toFrameNo);
  return (
    <span className="count" role="status">
      {text}
      {listing && listing.unrecognized.length > 0 ? ` · ${listing.unrecognized.length} unrecognized` : ''}
      {listing?.remoteMaxFrameNo != null
        ? ` · newest here ${listing.localMaxFrameNo === null ? 'none' : frameText(listing.localMaxFrameNo)}, ` +
          `durable in the remote ${frameText(listing.remoteMaxFrameNo)}`
        : ''}
      {gap
        ? ` · frame ${frameText(frame ?? 0n)} is in a gap: ` +
          `no segment holds frames ${frameText(gap.fromFrameNo)} to ${frameText(gap.toFrameNo)}`
        : ''}
    </span>
  );
}

/** The Segments tab: the timeline above the filters, the gaps and the table, or why the namespace was not read. */
export function SegmentsView() {
  const listing = useStore((s) => s.listing);
  const firstRows = useStore((s) => s.firstRows);
  const sort = useStore((s) => s.sort);
  const statusFilter = useStore((s) => s.statusFilter);
  const frameFilter = useStore((s) => s.frameFilter);
  const span = useStore((s) => s.span);
  const readError = useStore((s) => s.readError);
  const { setStatusFilter, setFrameFilter, setSpan } = useStore.getState();
  // Verify's outcomes reorder the rows only while they are sorted by Status.
  const verified = useVerify((s) => (sort.column === 'status' ? s.results : null));
  const rows = useMemo(
    () => visibleSegments({ listing, firstRows, sort, statusFilter, frameFilter, span }, verified ?? undefined),
    [listing, firstRows, sort, statusFilter, frameFilter, span, verified],
  );
  if (readError)
    return (
      <section className="segments-view" aria-label="Segments view">
        <NamespaceNotRead error={readError} />
      </section>
    );
  return (
    <section className="segments-view" aria-label="Segments view">
      <Timeline />
      <div className="filters">
        <label>
          Status
          <select
            aria-label="Status filter"
            value={statusFilter}
            onChange={(e) => setStatusFilter(e.target.value as SegmentStatus | 'all')}
          >
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s.replace(/_/g, ' ')}
              </option>
            ))}
          </select>
        </label>
        <label>
          Holds frame
          <input
            aria-label="Frame filter"
            inputMode="numeric"
            value={frameFilter}
            onChange={(e) => setFrameFilter(e.target.value)}
            placeholder="any"
            title="A frame of the log, or wal:N for one of data-wal's own frame indexes"
          />
        </label>
        {span && (
          <button type="button" onClick={() => setSpan(null)} aria-label="Clear the timeline's brush">
            {span.label ?? `frames ${frameText(span.from)} to ${frameText(span.to)}`} ×
          </button>
        )}
        <CountText shown={rows.length} />
      </div>
      <Gaps />
      <VerifyOutcome />
      <SegmentsTable rows={rows} />
    </section>
  );
}
