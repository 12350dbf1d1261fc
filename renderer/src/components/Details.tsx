import { type KeyboardEvent, type PointerEvent, useRef, useState } from 'react';
import { ComparePanel } from './ComparePanel.js';
import { DetailPanel } from './DetailPanel.js';

const MIN = 260;
const STEP = 24;

/** The largest width the pane may take: the segments keep the rest. */
const maxWidth = () => Math.max(MIN, Math.round(window.innerWidth * 0.45));

/** The selected row's details (and a comparison, when one is open), in a pane its edge resizes. */
export function Details({ width, onResize }: { width: number; onResize: (width: number) => void }) {
  const dragging = useRef<{ x: number; width: number } | null>(null);
  const [active, setActive] = useState(false);
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
        <ComparePanel />
        <DetailPanel />
      </div>
    </aside>
  );
}
