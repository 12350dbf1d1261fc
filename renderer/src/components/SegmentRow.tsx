import { type CSSProperties, memo } from 'react';
import type { ListedSegment, VerifiedSegment } from '../../../core/model/results.js';
import { WAL_INDEXES } from '../../../core/model/wal-indexes.js';
import { bytes, segmentFrameText, whenShort } from '../format.js';
import { useStore } from '../store.js';
import { statusKind, statusText } from '../status-words.js';
import { ROW_HEIGHT, generationOf } from '../segment-row.js';

interface RowProps {
  segment: ListedSegment;
  index: number;
  /** Pixels from the top of the rows. */
  top: number;
  /** The grid template every row shares with the header. */
  columns: string;
  selected: boolean;
  checked: boolean;
  verified: VerifiedSegment | undefined;
  /** Bottomless: each generation's id cut to what tells it from the others (the timeline's labels); else null. */
  generations: ReadonlyMap<string, string> | null;
}

/**
 * One segment's row. Memoized: a selection, a tick or a verify batch redraws only the rows whose
 * props changed, not every row in view.
 */
export const SegmentRow = memo(function SegmentRow(props: RowProps) {
  const { segment: s, index, top, columns, selected, checked, verified: v, generations } = props;
  const generation = generationOf(s);
  // Its frames are said as wal:N; the cell's title says why.
  const walIndexes = s.format === 'sqlite-wal' ? WAL_INDEXES : undefined;
  const { select, toggleComparison } = useStore.getState();
  const style: CSSProperties = {
    gridTemplateColumns: columns,
    position: 'absolute',
    top: 0,
    transform: `translateY(${top}px)`,
    height: ROW_HEIGHT,
    width: '100%',
  };
  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      aria-selected={selected}
      className={`row${selected ? ' selected' : ''}`}
      style={style}
      onClick={() => void select(s.file)}
      title={s.file}
    >
      <span role="cell" className="cell check">
        <input
          type="checkbox"
          tabIndex={-1}
          aria-label="Select for comparison"
          checked={checked}
          onClick={(e) => e.stopPropagation()}
          onChange={() => toggleComparison(s.file)}
        />
      </span>
      <span role="cell" className="cell num" title={walIndexes}>
        {segmentFrameText(s.format, s.startFrameNo)}
      </span>
      {/* A log that holds no committed frame yet names the frame before its first: not a range. */}
      {s.endFrameNo < s.startFrameNo ? (
        <span role="cell" className="cell num" title="no committed frame yet">
          —
        </span>
      ) : (
        <span role="cell" className="cell num" title={walIndexes}>
          {segmentFrameText(s.format, s.endFrameNo)}
        </span>
      )}
      <span role="cell" className="cell" title={s.createdAt ?? undefined}>
        {s.createdAt === null ? '—' : whenShort(s.createdAt)}
      </span>
      <span role="cell" className="cell">
        {s.format}
      </span>
      <span role="cell" className="cell num">
        {bytes(s.size)}
      </span>
      <span role="cell" className={`cell location-${s.location}`}>
        {s.location}
      </span>
      {generations && (
        <span role="cell" className="cell" title={generation ?? undefined}>
          {generation === null ? '—' : (generations.get(generation) ?? generation)}
        </span>
      )}
      <span role="cell" className={`cell status-${statusKind(s, v)}`}>
        {statusText(s, v)}
      </span>
    </div>
  );
});
