import { type KeyboardEvent, type PointerEvent, type WheelEvent, useEffect, useMemo, useRef, useState } from 'react';
import { frameText } from '../format.js';
import { useStore } from '../store.js';
import { useVerify } from '../verify-store.js';
import {
  KIND_OK,
  KIND_REMOTE,
  type TimelineModel,
  binColumns,
  buildModel,
  firstAtOrAfter,
  segmentAt,
  ticks,
} from '../timeline-model.js';

const HEIGHT = 92;
const BAND_TOP = 14;
const BAND = 40;
const AXIS = BAND_TOP + BAND + 6;

interface View {
  from: number;
  to: number;
}

const css = (style: CSSStyleDeclaration, name: string, fallback: string) =>
  style.getPropertyValue(name).trim() || fallback;
const shortTime = (ms: number, spanMs: number) => {
  const iso = new Date(ms).toISOString();
  return spanMs > 2 * 86_400_000 ? iso.slice(0, 10) : iso.slice(11, 19);
};

/** What one drawing of the timeline shows: the listing's gaps and overlaps, the selection and the cursor. */
interface TimelineScene {
  model: TimelineModel;
  view: View;
  listing: {
    gaps: { fromFrameNo: bigint; toFrameNo: bigint }[];
    overlaps: { fromFrameNo: bigint; toFrameNo: bigint }[];
  };
  selected: number;
  cursor: number | null;
}

function draw(el: HTMLCanvasElement, { model, view, listing, selected, cursor }: TimelineScene): number {
  const ratio = window.devicePixelRatio || 1;
  const width = Math.max(1, el.clientWidth);
  if (el.width !== Math.round(width * ratio)) el.width = Math.round(width * ratio);
  if (el.height !== Math.round(HEIGHT * ratio)) el.height = Math.round(HEIGHT * ratio);
  const ctx = el.getContext('2d');
  if (!ctx) return 0;
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  // One style read a draw: each property read of a fresh computed style could recalculate styles.
  const style = getComputedStyle(el);
  ctx.clearRect(0, 0, width, HEIGHT);
  const scale = width / (view.to - view.from);
  const x = (offset: number) => (offset - view.from) * scale;
  const band = (from: bigint, to: bigint, top: number, height: number) => {
    const a = x(Number(from - model.min));
    const b = x(Number(to - model.min) + 1);
    if (b >= 0 && a <= width) ctx.fillRect(a, top, Math.max(2, b - a), height);
  };
  ctx.fillStyle = css(style, '--gap', '#d33');
  for (const g of listing.gaps) band(g.fromFrameNo, g.toFrameNo, 0, AXIS - 2);
  ctx.fillStyle = css(style, '--overlap', '#e90');
  for (const o of listing.overlaps) band(o.fromFrameNo, o.toFrameNo, 0, BAND_TOP - 3);
  if (model.checkpoint !== null) {
    ctx.fillStyle = css(style, '--database', '#8a8');
    const end = x(model.checkpoint);
    if (end > 0) ctx.fillRect(Math.max(0, x(0)), BAND_TOP + BAND - 8, end - Math.max(0, x(0)), 8);
  }
  const colours = [css(style, '--bar', '#36c'), css(style, '--bad', '#c33'), css(style, '--remote', '#888')];
  const columns = Math.ceil(width);
  const first = Math.max(0, firstAtOrAfter(model.starts, view.from) - 64);
  const last = firstAtOrAfter(model.starts, view.to);
  let most = 1;
  if (last - first < columns / 3) {
    // Few enough to draw one by one, a pixel apart; remote-only ones as an outline.
    for (let i = first; i < last; i++) {
      const a = x(model.starts[i] ?? 0);
      const w = Math.max(1, x(model.ends[i] ?? 0) - a - 1);
      if (a + w < 0) continue;
      const kind = model.kinds[i] ?? KIND_OK;
      ctx.fillStyle = colours[kind] ?? '#36c';
      ctx.strokeStyle = ctx.fillStyle;
      if (kind === KIND_REMOTE) ctx.strokeRect(a + 0.5, BAND_TOP + 4.5, w - 1, BAND - 20);
      else ctx.fillRect(a, BAND_TOP + 4, w, BAND - 19);
    }
  } else {
    const bins = binColumns(model, view.from, view.to, columns);
    for (let i = 0; i < columns; i++)
      most = Math.max(most, (bins.ok[i] ?? 0) + (bins.bad[i] ?? 0) + (bins.remote[i] ?? 0));
    // Heights by the logarithm of the count: one segment a pixel is a third of the band, the most fill it.
    const height = (n: number) =>
      n === 0 ? 0 : most <= 1 ? BAND - 10 : ((BAND - 10) * (1 + (2 * Math.log(n)) / Math.log(most))) / 3;
    for (let i = 0; i < columns; i++) {
      let base = BAND_TOP + BAND - 10;
      for (const [kind, counts] of [bins.ok, bins.bad, bins.remote].entries()) {
        const n = counts[i] ?? 0;
        if (n === 0) continue;
        const h = height(n);
        ctx.fillStyle = colours[kind] ?? '#36c';
        if (kind === KIND_REMOTE) {
          ctx.fillRect(i, base - h, 1, 1);
          ctx.fillRect(i, base - 1, 1, 1);
        } else {
          ctx.fillRect(i, base - h, 1, h);
        }
        base -= h;
      }
    }
  }
  if (selected >= 0) {
    ctx.strokeStyle = css(style, '--accent-strong', '#0a0');
    ctx.lineWidth = 2;
    const a = x(model.starts[selected] ?? 0);
    ctx.strokeRect(a, BAND_TOP - 1, Math.max(3, x(model.ends[selected] ?? 0) - a), BAND - 6);
  }
  if (cursor !== null) {
    ctx.fillStyle = css(style, '--fg', '#000');
    ctx.fillRect(Math.round(x(cursor)), 0, 1, AXIS);
  }
  ctx.fillStyle = css(style, '--fg', '#000');
  ctx.font = '11px system-ui, sans-serif';
  ctx.fillRect(0, AXIS - 1, width, 1);
  // As many labelled ticks as the widest label leaves room for: twenty-digit frames need half as many.
  const widest = ctx.measureText(frameText(model.min + BigInt(Math.ceil(view.to)))).width;
  const marks = ticks(view.from, view.to - 1, Math.max(2, Math.floor(width / (widest + 32))));
  const spanMs = model.timeSpan;
  for (const t of marks) {
    const px = Math.round(x(t));
    ctx.fillRect(px, AXIS - 1, 1, 4);
    const label = frameText(model.min + BigInt(Math.round(t)));
    const w = ctx.measureText(label).width;
    ctx.fillText(label, Math.min(Math.max(0, px - w / 2), width - w), AXIS + 14);
    if (spanMs !== null) {
      const at = segmentAt(model, t);
      const ms = at >= 0 ? (model.times[at] ?? Number.NaN) : Number.NaN;
      if (!Number.isNaN(ms)) {
        const time = shortTime(ms, spanMs);
        const tw = ctx.measureText(time).width;
        ctx.fillText(time, Math.min(Math.max(0, px - tw / 2), width - tw), AXIS + 28);
      }
    }
  }
  return most;
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
  const [hover, setHover] = useState<number | null>(null);
  const [brush, setBrush] = useState<{ from: number; to: number } | null>(null);
  const [density, setDensity] = useState(1);
  const [width, setWidth] = useState(0);
  // The colours come from the scheme's variables, so a switch of scheme draws again.
  const [scheme, setScheme] = useState(0);
  const dragFrom = useRef<number | null>(null);

  // Another listing shows whole; a verify's outcomes only recolour the one on screen.
  const span = model?.span ?? 1;
  useEffect(() => {
    setView({ from: 0, to: span });
    setCursor(null);
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
    setDensity(draw(el, { model, view, listing, selected, cursor }));
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
  }, [model, listing, view, selected, cursor, brush, width, scheme]);

  const offsetAt = (clientX: number): number => {
    const rect = canvas.current?.getBoundingClientRect();
    if (!rect) return 0;
    return view.from + ((clientX - rect.left) / Math.max(1, rect.width)) * (view.to - view.from);
  };
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
  const pick = (offset: number) => {
    if (!model) return;
    const at = segmentAt(model, offset);
    const file = at >= 0 ? model.files[at] : undefined;
    if (file) revealSegment(file);
  };
  const onWheel = (e: WheelEvent<HTMLCanvasElement>) => zoom(e.deltaY > 0 ? 1.25 : 0.8, offsetAt(e.clientX));
  const onPointerDown = (e: PointerEvent<HTMLCanvasElement>) => {
    dragFrom.current = offsetAt(e.clientX);
    e.currentTarget.setPointerCapture(e.pointerId);
  };
  const onPointerMove = (e: PointerEvent<HTMLCanvasElement>) => {
    const at = offsetAt(e.clientX);
    setHover(at);
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
      setSpan({ from: model.min + BigInt(lo), to: model.min + BigInt(hi) });
      setBrush(null);
    } else {
      pick(offsetAt(e.clientX));
    }
  };
  const onKey = (e: KeyboardEvent<HTMLCanvasElement>) => {
    if (!model) return;
    const step = (view.to - view.from) / 50;
    const at = cursor ?? (view.from + view.to) / 2;
    const keys: Record<string, () => void> = {
      ArrowRight: () => setCursor(Math.min(model.span - 1, at + step)),
      ArrowLeft: () => setCursor(Math.max(0, at - step)),
      '+': () => zoom(0.5, at),
      '=': () => zoom(0.5, at),
      '-': () => zoom(2, at),
      '0': () => setView({ from: 0, to: model.span }),
      PageDown: () => pan(0.5),
      PageUp: () => pan(-0.5),
      Enter: () => pick(at),
    };
    const action = keys[e.key];
    if (!action) return;
    e.preventDefault();
    action();
  };

  const named = hover ?? cursor;
  const under = model && named !== null ? segmentAt(model, named) : -1;
  const gaps = listing?.gaps.length ?? 0;
  const overlaps = listing?.overlaps.length ?? 0;
  const count = listing?.segments.length ?? 0;
  const frameAt = (offset: number) => (model ? frameText(model.min + BigInt(Math.round(offset))) : '');
  const checkpoint = listing?.database?.replicationIndex;
  const checkpointWords = checkpoint ? `, frames 1..${checkpoint} in the database file` : '';
  const zoomed = model !== null && (view.from > 0 || view.to < model.span);
  return (
    <section className="timeline" aria-label="Timeline">
      <canvas
        ref={canvas}
        role="img"
        tabIndex={0}
        aria-label={`Timeline of frame ranges: ${count} segments, ${gaps} gaps, ${overlaps} overlaps${checkpointWords}`}
        aria-describedby="timeline-keys"
        onWheel={onWheel}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerLeave={() => setHover(null)}
        onKeyDown={onKey}
        style={{ height: HEIGHT }}
      />
      <div className="timeline-bar">
        <span className="hover-name" aria-live="off">
          {model && named !== null
            ? under >= 0
              ? `${model.files[under] ?? ''} · frames ${frameAt(model.starts[under] ?? 0)} ` +
                `to ${frameAt((model.ends[under] ?? 1) - 1)}`
              : `frame ${frameText(model.min + BigInt(Math.max(0, Math.floor(named))))}: no segment`
            : ''}
        </span>
        <span className="legend" id="timeline-keys">
          <span className="swatch bar" /> segment <span className="swatch bad" /> problem{' '}
          <span className="swatch remote" /> remote only <span className="swatch gap" /> gap ({gaps})
          <span className="swatch overlap" /> overlap ({overlaps})
          {listing?.database?.replicationIndex ? (
            <>
              <span className="swatch database" /> database file
            </>
          ) : null}
          {density > 1 ? ` · up to ${density.toLocaleString('en-US')} segments a pixel` : ''}
          <span className="visually-hidden"> Keys: arrows move, Enter picks, plus and minus zoom, 0 shows all.</span>
        </span>
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
    </section>
  );
}
