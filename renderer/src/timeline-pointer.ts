import { type PointerEvent, type RefObject, type WheelEvent, useRef, useState } from 'react';
import { frameText } from './format.js';
import type { FrameSpan } from './store-contract.js';
import { type Spot, laneAt } from './timeline-geometry.js';
import { firstAtOrAfter } from './timeline-hits.js';
import type { TimelineModel } from './timeline-model.js';
import { frameAt, generationAt } from './timeline-offsets.js';
import type { ViewControls } from './timeline-view.js';

/**
 * The span a brush over offsets `lo`..`hi` filters the table to: frames, or where generations lie
 * side by side, the segments it meets named by generation and frame.
 */
function brushSpan(model: TimelineModel, lo: number, hi: number): FrameSpan {
  const from = frameAt(model, lo);
  const to = frameAt(model, hi);
  if (model.generations.length === 0) return { from, to };
  const files = new Set<string>();
  for (let i = Math.max(0, firstAtOrAfter(model.starts, lo) - 64); i < model.starts.length; i++) {
    if ((model.starts[i] ?? 0) > hi) break;
    if ((model.ends[i] ?? 0) > lo) files.add(model.files[i] ?? '');
  }
  const a = model.generations[generationAt(model, lo)]?.short ?? '';
  const b = model.generations[generationAt(model, hi)]?.short ?? '';
  const label =
    a === b
      ? `generation ${a}, frames ${frameText(from)} to ${frameText(to)}`
      : `${a} frame ${frameText(from)} to ${b} frame ${frameText(to)}`;
  return { from, to, files, label };
}

type CanvasPointer = (e: PointerEvent<HTMLCanvasElement>) => void;

/** The pointer on the timeline: what it is over, the brush it drags, and the canvas's handlers. */
export interface TimelinePointer {
  hover: Spot | null;
  /** Offsets from where a drag began to where the pointer is, while it brushes. */
  brush: { from: number; to: number } | null;
  handlers: {
    onWheel: (e: WheelEvent<HTMLCanvasElement>) => void;
    onPointerDown: CanvasPointer;
    onPointerMove: CanvasPointer;
    onPointerUp: CanvasPointer;
    onPointerLeave: () => void;
  };
}

/** The wheel zooms about the pointer, a drag brushes a span for the table, a click picks. */
export function useTimelinePointer(
  canvas: RefObject<HTMLCanvasElement | null>,
  model: TimelineModel | null,
  { view, zoom }: ViewControls,
  pick: (spot: Spot) => void,
  setSpan: (span: FrameSpan) => void,
): TimelinePointer {
  const [hover, setHover] = useState<Spot | null>(null);
  const [brush, setBrush] = useState<{ from: number; to: number } | null>(null);
  const dragFrom = useRef<number | null>(null);
  const offsetAt = (clientX: number): number => {
    const rect = canvas.current?.getBoundingClientRect();
    if (!rect) return 0;
    return view.from + ((clientX - rect.left) / Math.max(1, rect.width)) * (view.to - view.from);
  };
  /** The lane under the pointer, as the canvas draws them in this view. */
  const laneOf = (clientY: number): number => {
    const el = canvas.current;
    if (!el || !model) return 0;
    return laneAt(model, view, el.clientWidth, clientY - el.getBoundingClientRect().top - el.clientTop);
  };
  const spotAt = (e: PointerEvent<HTMLCanvasElement>): Spot => ({
    offset: offsetAt(e.clientX),
    lane: laneOf(e.clientY),
  });
  const onWheel = (e: WheelEvent<HTMLCanvasElement>) => zoom(e.deltaY > 0 ? 1.25 : 0.8, offsetAt(e.clientX));
  const onPointerDown: CanvasPointer = (e) => {
    dragFrom.current = offsetAt(e.clientX);
    e.currentTarget.setPointerCapture(e.pointerId);
  };
  const onPointerMove: CanvasPointer = (e) => {
    const spot = spotAt(e);
    const at = spot.offset;
    setHover(spot);
    if (
      dragFrom.current !== null &&
      Math.abs(at - dragFrom.current) * ((canvas.current?.clientWidth ?? 1) / (view.to - view.from)) > 4
    )
      setBrush({ from: dragFrom.current, to: at });
  };
  const onPointerUp: CanvasPointer = (e) => {
    const start = dragFrom.current;
    dragFrom.current = null;
    if (start === null || !model) return;
    if (brush) {
      const lo = Math.max(0, Math.floor(Math.min(brush.from, brush.to)));
      const hi = Math.min(model.span - 1, Math.floor(Math.max(brush.from, brush.to)));
      setSpan(brushSpan(model, lo, hi));
      setBrush(null);
    } else {
      pick(spotAt(e));
    }
  };
  const onPointerLeave = () => setHover(null);
  return { hover, brush, handlers: { onWheel, onPointerDown, onPointerMove, onPointerUp, onPointerLeave } };
}
