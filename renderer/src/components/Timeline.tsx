import { useMemo, useRef } from 'react';
import { useStore } from '../store.js';
import { useTimelineCanvas } from '../timeline-canvas.js';
import { HEIGHT, type Spot } from '../timeline-geometry.js';
import { segmentInLane } from '../timeline-hits.js';
import { useTimelineKeys } from '../timeline-keys.js';
import { type TimelineModel, buildModel } from '../timeline-model.js';
import { useTimelinePointer } from '../timeline-pointer.js';
import { useTimelineView } from '../timeline-view.js';
import { useVerify } from '../verify-store.js';
import { GenerationStrip } from './GenerationStrip.js';
import { TimelineBar } from './TimelineBar.js';
import { APART_WORDS } from './TimelineLegend.js';

/** The lanes in words where there is more than one, for the canvas's name. */
function laneWords(model: TimelineModel | null): string {
  if (!model || model.laneCount < 2) return '';
  const files = model.apart.join(', ');
  return ` · overlapping ranges in ${model.laneCount} lanes${files ? `; lower lane ${files}: ${APART_WORDS}` : ''}`;
}

/**
 * Segments along the frame axis: density where many share a pixel, gaps, overlaps, damaged,
 * remote-only and the database file's checkpoint drawn apart; frame and time axes. Wheel or
 * +/- zooms, a drag brushes a span that filters the table, a click scrolls the table to the row;
 * from the keyboard, arrows move a cursor, Enter picks the segment under it.
 */
export function Timeline() {
  const listing = useStore((s) => s.listing);
  const selectedFile = useStore((s) => s.selected);
  const { revealSegment, setSpan } = useStore.getState();
  const canvas = useRef<HTMLCanvasElement>(null);
  // Only a new failure redraws the model: a batch of passes changes nothing on the timeline.
  const failed = useVerify((s) => s.failed);
  const model = useMemo(() => buildModel(listing, failed), [listing, failed]);
  const controls = useTimelineView(model, listing);
  // The segment drawn there in that lane, never another lane's that overlaps it.
  const pick = (spot: Spot) => {
    const hit = model && segmentInLane(model, spot.offset, spot.lane);
    const file = hit ? model.files[hit.at] : undefined;
    if (file) revealSegment(file);
  };
  const { cursor, lane, onKey } = useTimelineKeys(model, listing, controls, pick);
  const { hover, brush, handlers } = useTimelinePointer(canvas, model, controls, pick, setSpan);
  const { view } = controls;
  const { density, axes } = useTimelineCanvas(canvas, { model, listing, view, selectedFile, cursor, lane, brush });

  const gaps = listing?.gaps.length ?? 0;
  const overlaps = listing?.overlaps.length ?? 0;
  // What it draws: a bottomless snapshot is a row of the table, and no range here.
  const count = model?.files.length ?? 0;
  const generationCount = model?.generations.length ?? 0;
  const generationWords = generationCount > 0 ? ` in ${generationCount} generations` : '';
  const checkpoint = listing?.database?.replicationIndex;
  const checkpointWords = checkpoint ? `, frames 1..${checkpoint} in the database file` : '';
  const facts = {
    gaps,
    overlaps,
    checkpoint: checkpoint ?? null,
    laneCount: model?.laneCount ?? 1,
    apart: model?.apart ?? [],
    density,
  };
  return (
    <section className="timeline" aria-label="Timeline">
      {model && model.generations.length > 0 && <GenerationStrip generations={model.generations} view={view} />}
      <canvas
        ref={canvas}
        role="img"
        tabIndex={0}
        aria-label={
          `Timeline of frame ranges: ${count} segments${generationWords}, ` +
          `${gaps} gaps, ${overlaps} overlaps${checkpointWords}${laneWords(model)}`
        }
        aria-describedby="timeline-axes timeline-keys"
        {...handlers}
        onKeyDown={onKey}
        style={{ height: HEIGHT }}
      />
      <p className="visually-hidden" id="timeline-axes">
        {axes}
      </p>
      <TimelineBar
        model={model}
        named={hover ?? (cursor === null ? null : { offset: cursor, lane })}
        facts={facts}
        controls={controls}
      />
    </section>
  );
}
