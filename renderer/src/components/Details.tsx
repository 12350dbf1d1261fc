import { type KeyboardEvent, type PointerEvent, useRef, useState } from 'react';
import { ComparePanel } from './ComparePanel.js';
import { DetailPanel } from './DetailPanel.js';
import { useStore } from '../store.js';

const MIN = 260;
/** The width of the pane while nothing is selected. */
export const COLLAPSED = 28;
const STEP = 24;

/** The largest width the pane may take: the segments keep the rest. */
const maxWidth = () => Math.max(MIN, Math.round(window.innerWidth * 0.45));

/** The selected row's details (and a comparison, when one is open), in a pane its edge resizes. */
export function Details({ width, onResize }: { width: number; onResize: (width: number) => void }) {
  const dragging = useRef<{ x: number; width: number } | null>(null);
  const [active, setActive] = useState(false);
  const close = () => {
    const { select, closeComparison } = useStore.getState();
    closeComparison();
    void select(null);
  };
  const clamp = (w: number) => Math.min(maxWidth(), Math.max(MIN, Math.round(w)));
  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    dragging.current = { x: e.clientX, width };
    e.currentTarget.setPointerCapture(e.pointerId);
    setActive(true);
  };
  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    if (dragging.current) onResize(clamp(dragging.current.width + dragging.current.x - e.clientX));
  };
  const onPointerUp = () => {
    dragging.current = null;
    setActive(false);
  };
  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key === 'ArrowLeft') onResize(clamp(width + STEP));
    else if (e.key === 'ArrowRight') onResize(clamp(width - STEP));
    else return;
    e.preventDefault();
  };
  return (
    <aside className="details" aria-label="Details">
      <div
        className={`splitter${active ? ' active' : ''}`}
        role="separator"
        aria-orientation="vertical"
        aria-label="Resize details"
        aria-valuenow={width}
        aria-valuemin={MIN}
        aria-valuemax={maxWidth()}
        tabIndex={0}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onKeyDown={onKey}
      />
      <div className="details-body" tabIndex={0} role="group" aria-label="Details of the selection">
        <button type="button" className="small close-details" onClick={close}>
          Close details
        </button>
        <ComparePanel />
        <DetailPanel />
      </div>
    </aside>
  );
}

/** Details while no row is selected: a strip that says what opens it, leaving the room to the table. */
export function EmptyDetails() {
  return (
    <aside className="details collapsed" aria-label="Details">
      <p className="collapsed-hint">Select a segment to see its details</p>
    </aside>
  );
}
