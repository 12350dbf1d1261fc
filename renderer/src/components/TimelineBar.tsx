import { useRef } from 'react';
import { frameText, whenShort } from '../format.js';
import { useRovingTabStop } from '../roving-focus.js';
import type { Spot } from '../timeline-geometry.js';
import { segmentInLane } from '../timeline-hits.js';
import type { TimelineModel } from '../timeline-model.js';
import { frameAt, generationAt } from '../timeline-offsets.js';
import type { ViewControls } from '../timeline-view.js';
import {
  APART_WORDS,
  type LegendFacts,
  LegendLine,
  LegendList,
  LegendToggle,
  useLegendPopover,
} from './TimelineLegend.js';

/** What the pointer or the keyboard's cursor is on, in words: the segment a click or Enter would pick there. */
function underWords(model: TimelineModel, { offset, lane }: Spot): string {
  const band = model.generations[generationAt(model, offset)];
  const generation = band ? `generation ${band.id} · ` : '';
  const hit = segmentInLane(model, offset, lane);
  const frame = `frame ${frameText(frameAt(model, offset))}: no segment`;
  if (!hit) return `${generation}${frame}`;
  const at = hit.at;
  const time = model.times[at] ?? Number.NaN;
  return (
    `${generation}${hit.under ? '' : `${frame}; nearest `}` +
    `${model.files[at] ?? ''} · frames ${frameText(frameAt(model, model.starts[at] ?? 0))} ` +
    `to ${frameText(frameAt(model, (model.ends[at] ?? 1) - 1))}` +
    (Number.isNaN(time) ? '' : ` · ${whenShort(new Date(time).toISOString())} UTC`) +
    (model.apart.includes(model.files[at] ?? '') ? ` · ${APART_WORDS}` : '')
  );
}

/**
 * The bar under the timeline: what the pointer or cursor is on, the legend, and the view's
 * buttons (the legend's toggle and the zoom buttons are one Tab stop, walked with the arrows).
 */
export function TimelineBar({
  model,
  named,
  facts,
  controls: { zoom, whole, zoomed },
}: {
  model: TimelineModel | null;
  named: Spot | null;
  facts: LegendFacts;
  controls: ViewControls;
}) {
  const tools = useRef<HTMLDivElement>(null);
  const roving = useRovingTabStop(tools);
  const legend = useLegendPopover();
  return (
    <div className="timeline-bar">
      <span className="hover-name" aria-live="off">
        {model && named !== null ? underWords(model, named) : ''}
      </span>
      <LegendLine facts={facts} />
      <div className="timeline-tools" role="toolbar" aria-label="Timeline view" ref={tools} {...roving}>
        <LegendToggle popover={legend} />
        <button type="button" className="small" onClick={() => zoom(0.5)} disabled={!model}>
          Zoom in
        </button>
        <button type="button" className="small" onClick={() => zoom(2)} disabled={!zoomed}>
          Zoom out
        </button>
        <button type="button" className="small" onClick={whole} disabled={!zoomed}>
          Whole range
        </button>
      </div>
      <LegendList facts={facts} popover={legend} />
    </div>
  );
}
