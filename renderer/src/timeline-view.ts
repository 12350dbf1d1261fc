import { useEffect, useState } from 'react';
import type { ListResult } from '../../core/model/results.js';
import type { View } from './timeline-geometry.js';
import type { TimelineModel } from './timeline-model.js';

/** The offsets the timeline shows and the ways to change them. */
export interface ViewControls {
  view: View;
  /** Shows `factor` times as many offsets, about `around` (the middle of the view where not given). */
  zoom: (factor: number, around?: number) => void;
  /** Moves the view by `by` times its width. */
  pan: (by: number) => void;
  whole: () => void;
  /** Whether less than the whole span is shown. */
  zoomed: boolean;
}

/** The timeline's view: zoomed and panned within the model's span; another listing shows whole. */
export function useTimelineView(model: TimelineModel | null, listing: ListResult | null): ViewControls {
  const [view, setView] = useState<View>({ from: 0, to: 1 });
  // Another listing shows whole; a verify's outcomes only recolour the one on screen.
  const span = model?.span ?? 1;
  useEffect(() => setView({ from: 0, to: span }), [listing, span]);
  const zoom = (factor: number, around?: number) => {
    if (!model) return;
    const centre = around ?? (view.from + view.to) / 2;
    const size = Math.min(model.span, Math.max(4, (view.to - view.from) * factor));
    const from = Math.max(
      0,
      Math.min(model.span - size, centre - (centre - view.from) * (size / (view.to - view.from))),
    );
    setView({ from, to: from + size });
  };
  const pan = (by: number) => {
    if (!model) return;
    const size = view.to - view.from;
    const from = Math.max(0, Math.min(model.span - size, view.from + by * size));
    setView({ from, to: from + size });
  };
  const whole = () => {
    if (model) setView({ from: 0, to: model.span });
  };
  const zoomed = model !== null && (view.from > 0 || view.to < model.span);
  return { view, zoom, pan, whole, zoomed };
}
