import { type KeyboardEvent, type PointerEvent, useRef, useState } from 'react';
import { ComparePanel } from './ComparePanel.js';
import { DetailPanel } from './DetailPanel.js';
import { focusSegmentRows } from '../focus-rows.js';

const MIN = 260;
/** Below the tabs: the least height, and the most as a share of the window. */
const MIN_HEIGHT = 160;
const MOST_HEIGHT = 0.6;
/** The width of the pane while nothing is selected. */
export const COLLAPSED = 28;
const STEP = 24;

/** The largest width the pane may take: the segments keep the rest. */
const maxWidth = () => Math.max(MIN, Math.round(window.innerWidth * 0.45));
const maxHeight = () => Math.max(MIN_HEIGHT, Math.round(window.innerHeight * MOST_HEIGHT));

interface DetailsProps {
  /** Below the tabs (its top edge resizes its height) rather than beside them (its left edge, its width). */
  below: boolean;
  size: number;
  /** Below the tabs, the most it may take: what the Segments rows leave. */
  most?: number;
  onResize: (size: number) => void;
}

/**
 * The selected row's details and a comparison, when one is open, in a pane its edge resizes. Each
 * has its own closer by its title; the pane folds to a strip once both are closed.
 */
export function Details({ below, size, most: room = Number.POSITIVE_INFINITY, onResize }: DetailsProps) {
  const dragging = useRef<{ at: number; size: number } | null>(null);
  const [active, setActive] = useState(false);
  const tallest = Math.min(maxHeight(), room);
  const [least, most] = below ? [Math.min(MIN_HEIGHT, tallest), tallest] : [MIN, maxWidth()];
  const clamp = (w: number) => Math.min(most, Math.max(least, Math.round(w)));
  const along = (e: PointerEvent<HTMLDivElement>) => (below ? e.clientY : e.clientX);
  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    dragging.current = { at: along(e), size };
    e.currentTarget.setPointerCapture(e.pointerId);
    setActive(true);
  };
  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    if (dragging.current) onResize(clamp(dragging.current.size + dragging.current.at - along(e)));
  };
  const onPointerUp = () => {
    dragging.current = null;
    setActive(false);
  };
  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    // Towards the tabs grows the pane: left beside them, up below them.
    if (e.key === (below ? 'ArrowUp' : 'ArrowLeft')) onResize(clamp(size + STEP));
    else if (e.key === (below ? 'ArrowDown' : 'ArrowRight')) onResize(clamp(size - STEP));
    else return;
    e.preventDefault();
  };
  return (
    <aside className="details" aria-label="Details">
      <div
        className={`splitter${active ? ' active' : ''}`}
        role="separator"
        aria-orientation={below ? 'horizontal' : 'vertical'}
        aria-label="Resize details"
        aria-valuenow={size}
        aria-valuemin={least}
        aria-valuemax={most}
        tabIndex={0}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onKeyDown={onKey}
      />
      <div
        className="details-body"
        tabIndex={0}
        role="group"
        aria-label="Details of the selection"
        onKeyDown={(e) => {
          if (e.key !== 'Escape') return;
          e.preventDefault();
          focusSegmentRows();
        }}
      >
        <ComparePanel />
        <DetailPanel />
      </div>
    </aside>
  );
}

/**
 * Details folded to a strip that says what opens it, leaving the room to the tabs: while no row is
 * selected, or (`chosen`) while a row or a comparison waits on the Segments tab behind another tab.
 */
export function EmptyDetails({ chosen }: { chosen: boolean }) {
  return (
    <aside className="details collapsed" aria-label="Details">
      <p className="collapsed-hint">
        {chosen ? 'Details of the selection: on the Segments tab' : 'Select a segment to see its details'}
      </p>
    </aside>
  );
}
