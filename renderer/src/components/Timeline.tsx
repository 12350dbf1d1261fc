import { type KeyboardEvent, type PointerEvent, type WheelEvent, useEffect, useMemo, useRef, useState } from 'react';
import { frameText, whenShort } from '../format.js';
import { useStore } from '../store.js';
import type { FrameSpan } from '../store-contract.js';
import { css, draw } from '../timeline-draw.js';
import { AXIS, HEIGHT, type View, laneAt } from '../timeline-geometry.js';
import {
  type TimelineModel,
  buildModel,
  firstAtOrAfter,
  frameAt,
  generationAt,
  segmentInLane,
} from '../timeline-model.js';
import { useVerify } from '../verify-store.js';
import { GenerationStrip } from './GenerationStrip.js';
import { APART_WORDS, LegendLine, LegendList, LegendToggle, useLegendPopover } from './TimelineLegend.js';
import { useRovingTabStop } from '../roving-focus.js';

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

/** The lanes in words where there is more than one, for the canvas's name. */
function laneWords(model: TimelineModel | null): string {
  if (!model || model.laneCount < 2) return '';
  const files = model.apart.join(', ');
  return ` · overlapping ranges in ${model.laneCount} lanes${files ? `; lower lane ${files}: ${APART_WORDS}` : ''}`;
}

/** A place on the timeline: an offset along the frame axis, in one lane. */
interface Spot {
  offset: number;
  lane: number;
}

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
  const [view, setView] = useState<View>({ from: 0, to: 1 });
  const [cursor, setCursor] = useState<number | null>(null);
  // The lane the keyboard's cursor is in: arrows up and down move it where ranges overlap.
  const [cursorLane, setCursorLane] = useState(0);
  // Kept within the lanes there are: another listing may have fewer.
  const lane = Math.min(cursorLane, (model?.laneCount ?? 1) - 1);
  const [hover, setHover] = useState<Spot | null>(null);
  const [brush, setBrush] = useState<{ from: number; to: number } | null>(null);
  const [density, setDensity] = useState(1);
  const [axes, setAxes] = useState('');
  const [width, setWidth] = useState(0);
  // The colours come from the scheme's variables, so a switch of scheme draws again.
  const [scheme, setScheme] = useState(0);
  const dragFrom = useRef<number | null>(null);
  // The bar's buttons are one Tab stop, walked with the arrows, as the commands' toolbar is.
  const tools = useRef<HTMLDivElement>(null);
  const roving = useRovingTabStop(tools);
  const legend = useLegendPopover();

  // Another listing shows whole; a verify's outcomes only recolour the one on screen.
  const span = model?.span ?? 1;
  useEffect(() => {
    setView({ from: 0, to: span });
    setCursor(null);
    setCursorLane(0);
  }, [listing, span]);
  useEffect(() => {
    const el = canvas.current;
    if (!el) return;
    const observer = new ResizeObserver(() => setWidth(el.clientWidth));
    observer.observe(el);
    const dark = window.matchMedia('(prefers-color-scheme: dark)');
    const redraw = () => setScheme((n) => n + 1);
    dark.addEventListener('change', redraw);
    return () => {
      observer.disconnect();
      dark.removeEventListener('change', redraw);
    };
  }, []);
  const selected = useMemo(
    () => (model && selectedFile ? model.files.indexOf(selectedFile) : -1),
    [model, selectedFile],
  );
  useEffect(() => {
    const el = canvas.current;
    if (!el) return;
    if (!model || !listing) {
      el.getContext('2d')?.clearRect(0, 0, el.width, el.height);
      return;
    }
    const drawn = draw(el, { model, view, listing, selected, cursor, cursorLane: lane });
    setDensity(drawn.most);
    const times = drawn.times.length > 0 ? `; times (UTC) ${drawn.times.join(', ')}` : '';
    setAxes(`Frames ${drawn.frames.join(', ')}${times}.`);
    if (brush) {
      const ctx = el.getContext('2d');
      const scale = el.clientWidth / (view.to - view.from);
      if (ctx) {
        ctx.fillStyle = css(getComputedStyle(el), '--brush', '#36c4');
        ctx.fillRect(
          (Math.min(brush.from, brush.to) - view.from) * scale,
          0,
          Math.abs(brush.to - brush.from) * scale,
          AXIS,
        );
      }
    }
  }, [model, listing, view, selected, cursor, lane, brush, width, scheme]);

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
  // The segment drawn there in that lane, never another lane's that overlaps it.
  const pick = (spot: Spot) => {
    const hit = model && segmentInLane(model, spot.offset, spot.lane);
    const file = hit ? model.files[hit.at] : undefined;
    if (file) revealSegment(file);
  };
  const onWheel = (e: WheelEvent<HTMLCanvasElement>) => zoom(e.deltaY > 0 ? 1.25 : 0.8, offsetAt(e.clientX));
  const onPointerDown = (e: PointerEvent<HTMLCanvasElement>) => {
    dragFrom.current = offsetAt(e.clientX);
    e.currentTarget.setPointerCapture(e.pointerId);
  };
  const onPointerMove = (e: PointerEvent<HTMLCanvasElement>) => {
    const spot = spotAt(e);
    const at = spot.offset;
    setHover(spot);
    if (
      dragFrom.current !== null &&
      Math.abs(at - dragFrom.current) * ((canvas.current?.clientWidth ?? 1) / (view.to - view.from)) > 4
    )
      setBrush({ from: dragFrom.current, to: at });
  };
  const onPointerUp = (e: PointerEvent<HTMLCanvasElement>) => {
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
  const onKey = (e: KeyboardEvent<HTMLCanvasElement>) => {
    if (!model) return;
    const step = (view.to - view.from) / 50;
    const at = cursor ?? (view.from + view.to) / 2;
    const keys: Record<string, () => void> = {
      // The cursor shows where it is in the new lane, so its words say what Enter would pick there.
      ArrowUp: () => {
        setCursor(at);
        setCursorLane(Math.max(0, lane - 1));
      },
      ArrowDown: () => {
        setCursor(at);
        setCursorLane(Math.min(model.laneCount - 1, lane + 1));
      },
      ArrowRight: () => setCursor(Math.min(model.span - 1, at + step)),
      ArrowLeft: () => setCursor(Math.max(0, at - step)),
      '+': () => zoom(0.5, at),
      '=': () => zoom(0.5, at),
      '-': () => zoom(2, at),
      '0': () => setView({ from: 0, to: model.span }),
      PageDown: () => pan(0.5),
      PageUp: () => pan(-0.5),
      Enter: () => pick({ offset: at, lane }),
    };
    const action = keys[e.key];
    if (!action) return;
    e.preventDefault();
    action();
  };

  const named = hover ?? (cursor === null ? null : { offset: cursor, lane });
  const gaps = listing?.gaps.length ?? 0;
  const overlaps = listing?.overlaps.length ?? 0;
  const count = listing?.segments.length ?? 0;
  const generationCount = model?.generations.length ?? 0;
  const generationWords = generationCount > 0 ? ` in ${generationCount} generations` : '';
  const checkpoint = listing?.database?.replicationIndex;
  const checkpointWords = checkpoint ? `, frames 1..${checkpoint} in the database file` : '';
  const zoomed = model !== null && (view.from > 0 || view.to < model.span);
  const legendFacts = {
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
        onWheel={onWheel}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerLeave={() => setHover(null)}
        onKeyDown={onKey}
        style={{ height: HEIGHT }}
      />
      <p className="visually-hidden" id="timeline-axes">
        {axes}
      </p>
      <div className="timeline-bar">
        <span className="hover-name" aria-live="off">
          {model && named !== null ? underWords(model, named) : ''}
        </span>
        <LegendLine facts={legendFacts} />
        <div className="timeline-tools" role="toolbar" aria-label="Timeline view" ref={tools} {...roving}>
          <LegendToggle popover={legend} />
          <button type="button" className="small" onClick={() => zoom(0.5)} disabled={!model}>
            Zoom in
          </button>
          <button type="button" className="small" onClick={() => zoom(2)} disabled={!zoomed}>
            Zoom out
          </button>
          <button
            type="button"
            className="small"
            onClick={() => model && setView({ from: 0, to: model.span })}
            disabled={!zoomed}
          >
            Whole range
          </button>
        </div>
        <LegendList facts={legendFacts} popover={legend} />
      </div>
    </section>
  );
}
