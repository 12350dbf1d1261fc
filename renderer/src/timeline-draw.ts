import type { FrameRange } from '../../core/model/results.js';
import { frameText } from './format.js';
import { binColumns } from './timeline-bins.js';
import { segmentAt } from './timeline-hits.js';
import { KIND_OK, KIND_REMOTE, type TimelineModel } from './timeline-model.js';
import { rangeOffsets } from './timeline-offsets.js';
import { axisTicks } from './timeline-ticks.js';
import { AXIS, BAND, BAND_TOP, HEIGHT, type View, inView, isDense, laneBox } from './timeline-geometry.js';

/** Room kept between two labels of an axis. */
const LABEL_GAP = 12;

export const css = (style: CSSStyleDeclaration, name: string, fallback: string) =>
  style.getPropertyValue(name).trim() || fallback;

/** A time on the axis: to the second within two days, the date beyond. */
const shortTime = (ms: number, spanMs: number) => {
  const iso = new Date(ms).toISOString();
  return spanMs > 2 * 86_400_000 ? iso.slice(0, 10) : iso.slice(11, 19);
};

/** What one drawing of the timeline shows: the listing's gaps and overlaps, the selection and the cursor. */
export interface TimelineScene {
  model: TimelineModel;
  view: View;
  listing: { gaps: FrameRange[]; overlaps: FrameRange[] };
  selected: number;
  cursor: number | null;
  /** The lane the cursor is in, marked where there are several. */
  cursorLane: number;
}

/** What a drawing put on screen besides shapes: the most segments in one pixel, the axes' labels. */
export interface Drawn {
  most: number;
  frames: string[];
  times: string[];
}

/** Labels along one line, each left out where it would touch the one before (or, `distinct`, repeat it). */
function labelRow(ctx: CanvasRenderingContext2D, width: number, y: number, distinct: boolean) {
  let reach = -Infinity;
  const shown: string[] = [];
  return {
    shown,
    put(label: string, px: number) {
      // Neighbouring ticks in one second would repeat its time: once is enough.
      if (distinct && shown.at(-1) === label) return;
      const w = ctx.measureText(label).width;
      const left = Math.min(Math.max(0, px - w / 2), width - w);
      if (left < reach + LABEL_GAP) return;
      ctx.fillText(label, left, y);
      reach = left + w;
      shown.push(label);
    },
  };
}

/** Every other generation tinted, each one's start a line across the band. */
function drawGenerations(
  ctx: CanvasRenderingContext2D,
  style: CSSStyleDeclaration,
  scene: TimelineScene,
  width: number,
) {
  const { model, view } = scene;
  const scale = width / (view.to - view.from);
  const tint = css(style, '--generation-tint', '#3b6fd814');
  const edge = css(style, '--muted', '#4f5b6b');
  for (const [i, band] of model.generations.entries()) {
    const a = (band.from - view.from) * scale;
    const b = (band.to - view.from) * scale;
    if (b < 0 || a > width) continue;
    if (i % 2 === 1) {
      ctx.fillStyle = tint;
      ctx.fillRect(a, 0, b - a, AXIS - 1);
    }
    // Separators only where a band is wide enough to be told apart: hundreds a pixel would be one grey block.
    if (i > 0 && b - a >= 3) {
      ctx.fillStyle = edge;
      ctx.fillRect(Math.round(a), 0, 1, AXIS - 1);
    }
  }
}

function drawSegments(ctx: CanvasRenderingContext2D, style: CSSStyleDeclaration, scene: TimelineScene, width: number) {
  const { model, view } = scene;
  const scale = width / (view.to - view.from);
  const x = (offset: number) => (offset - view.from) * scale;
  const colours = [css(style, '--bar', '#36c'), css(style, '--bad', '#c33'), css(style, '--remote', '#888')];
  const columns = Math.ceil(width);
  const { first, last } = inView(model, view);
  let most = 1;
  const lanes = model.laneCount;
  if (!isDense(model, view, width)) {
    // Few enough to draw one by one, a pixel apart, each in its lane; remote-only ones as an outline.
    const { top: laneTop, height: laneHeight } = laneBox(lanes, false);
    for (let i = first; i < last; i++) {
      const a = x(model.starts[i] ?? 0);
      const w = Math.max(1, x(model.ends[i] ?? 0) - a - 1);
      if (a + w < 0) continue;
      const kind = model.kinds[i] ?? KIND_OK;
      const top = laneTop + (model.lanes[i] ?? 0) * laneHeight;
      const h = lanes > 1 ? laneHeight - 1 : laneHeight;
      ctx.fillStyle = colours[kind] ?? '#36c';
      ctx.strokeStyle = ctx.fillStyle;
      if (kind === KIND_REMOTE) ctx.strokeRect(a + 0.5, top + 0.5, w - 1, h - 1);
      else ctx.fillRect(a, top, w, h);
    }
    return most;
  }
  const binned = Array.from({ length: lanes }, (_, lane) =>
    binColumns(model, view.from, view.to, columns, lanes > 1 ? lane : null),
  );
  for (const bins of binned)
    for (let i = 0; i < columns; i++)
      most = Math.max(most, (bins.ok[i] ?? 0) + (bins.bad[i] ?? 0) + (bins.remote[i] ?? 0));
  // Heights by the logarithm of the count: one segment a pixel is a third of the lane, the most fill it.
  const { top: laneTop, height: laneHeight } = laneBox(lanes, true);
  const height = (n: number) =>
    n === 0 ? 0 : most <= 1 ? laneHeight : (laneHeight * (1 + (2 * Math.log(n)) / Math.log(most))) / 3;
  for (const [lane, bins] of binned.entries()) {
    for (let i = 0; i < columns; i++) {
      let base = laneTop + (lane + 1) * laneHeight;
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
  return most;
}

/** The frame axis's labelled ticks and, where times are known, the time of the segment at each tick. */
function drawAxes(ctx: CanvasRenderingContext2D, style: CSSStyleDeclaration, scene: TimelineScene, width: number) {
  const { model, view } = scene;
  const scale = width / (view.to - view.from);
  ctx.fillStyle = css(style, '--fg', '#000');
  ctx.font = '11px system-ui, sans-serif';
  ctx.fillRect(0, AXIS - 1, width, 1);
  // As many labelled ticks as the widest label leaves room for: twenty-digit frames need half as many.
  const widest = ctx.measureText(frameText(model.min + BigInt(Math.ceil(view.to)))).width;
  const marks = axisTicks(model, view.from, view.to - 1, Math.max(2, Math.floor(width / (widest + 32))));
  const frames = labelRow(ctx, width, AXIS + 14, false);
  const times = labelRow(ctx, width, AXIS + 28, true);
  const spanMs = model.timeSpan;
  for (const { offset, frame } of marks) {
    const px = Math.round((offset - view.from) * scale);
    ctx.fillRect(px, AXIS - 1, 1, 4);
    frames.put(frameText(frame), px);
    if (spanMs === null) continue;
    const at = segmentAt(model, offset);
    const ms = at >= 0 ? (model.times[at] ?? Number.NaN) : Number.NaN;
    if (!Number.isNaN(ms)) times.put(shortTime(ms, spanMs), px);
  }
  return { frames: frames.shown, times: times.shown };
}

export function draw(el: HTMLCanvasElement, scene: TimelineScene): Drawn {
  const { model, view, listing, selected, cursor, cursorLane } = scene;
  const ratio = window.devicePixelRatio || 1;
  const width = Math.max(1, el.clientWidth);
  if (el.width !== Math.round(width * ratio)) el.width = Math.round(width * ratio);
  if (el.height !== Math.round(HEIGHT * ratio)) el.height = Math.round(HEIGHT * ratio);
  const ctx = el.getContext('2d');
  if (!ctx) return { most: 0, frames: [], times: [] };
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  // One style read a draw: each property read of a fresh computed style could recalculate styles.
  const style = getComputedStyle(el);
  ctx.clearRect(0, 0, width, HEIGHT);
  const scale = width / (view.to - view.from);
  const x = (offset: number) => (offset - view.from) * scale;
  const band = (range: FrameRange, top: number, height: number) => {
    const at = rangeOffsets(model, range);
    if (!at) return;
    const a = x(at.from);
    const b = x(at.to);
    if (b >= 0 && a <= width) ctx.fillRect(a, top, Math.max(2, b - a), height);
  };
  drawGenerations(ctx, style, scene, width);
  ctx.fillStyle = css(style, '--gap', '#d33');
  for (const g of listing.gaps) band(g, 0, AXIS - 2);
  ctx.fillStyle = css(style, '--overlap', '#e90');
  for (const o of listing.overlaps) band(o, 0, BAND_TOP - 3);
  if (model.checkpoint !== null) {
    ctx.fillStyle = css(style, '--database', '#8a8');
    const end = x(model.checkpoint);
    if (end > 0) ctx.fillRect(Math.max(0, x(0)), BAND_TOP + BAND - 8, end - Math.max(0, x(0)), 8);
  }
  const most = drawSegments(ctx, style, scene, width);
  if (selected >= 0) {
    ctx.strokeStyle = css(style, '--accent-strong', '#0a0');
    ctx.lineWidth = 2;
    const a = x(model.starts[selected] ?? 0);
    const w = Math.max(3, x(model.ends[selected] ?? 0) - a);
    // Where ranges overlap, the frame goes round the selected segment's own lane only.
    const lane = laneBox(model.laneCount, isDense(model, view, width));
    if (model.laneCount > 1)
      ctx.strokeRect(a, lane.top + (model.lanes[selected] ?? 0) * lane.height - 1, w, lane.height + 1);
    else ctx.strokeRect(a, BAND_TOP - 1, w, BAND - 6);
  }
  if (cursor !== null) {
    ctx.fillStyle = css(style, '--fg', '#000');
    ctx.fillRect(Math.round(x(cursor)), 0, 1, AXIS);
    if (model.laneCount > 1) {
      const lane = laneBox(model.laneCount, isDense(model, view, width));
      ctx.fillRect(Math.round(x(cursor)) - 1, lane.top + cursorLane * lane.height, 3, lane.height - 1);
    }
  }
  return { most, ...drawAxes(ctx, style, scene, width) };
}
