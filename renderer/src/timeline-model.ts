import type { ListResult } from '../../core/model/results.js';

/** What a segment is drawn as: on this disk and sound, with a problem, or only in the remote. */
export const KIND_OK = 0;
export const KIND_BAD = 1;
export const KIND_REMOTE = 2;

/**
 * A listing as numbers the timeline can draw 100,000 times a second: frames as offsets from the
 * first frame (doubles: exact to 2^53 frames of span, which no namespace nears), sorted by start.
 */
export interface TimelineModel {
  min: bigint;
  /** Frames from the first to the last, both included. */
  span: number;
  starts: Float64Array;
  ends: Float64Array;
  kinds: Uint8Array;
  /** Creation time (ms since the epoch) where known, NaN where not. */
  times: Float64Array;
  files: string[];
  checkpoint: number | null;
  /** Milliseconds from the first known creation time to the last; null where none is known. */
  timeSpan: number | null;
}

/** `failed`: files a verify found a problem in, drawn as damaged whatever their header said. */
export function buildModel(listing: ListResult | null, failed: ReadonlySet<string>): TimelineModel | null {
  const segments = listing?.segments ?? [];
  const checkpoint = listing?.database?.replicationIndex ?? null;
  if (segments.length === 0 && checkpoint === null) return null;
  let min = checkpoint !== null ? 1n : (segments[0]?.startFrameNo ?? 0n);
  let max = checkpoint ?? 0n;
  for (const s of segments) {
    if (s.startFrameNo < min) min = s.startFrameNo;
    if (s.endFrameNo > max) max = s.endFrameNo;
  }
  const order = segments.map((_, i) => i);
  const sorted = order.every(
    (i) => i === 0 || (segments[i - 1]?.startFrameNo ?? 0n) <= (segments[i]?.startFrameNo ?? 0n),
  );
  if (!sorted) order.sort((a, b) => Number((segments[a]?.startFrameNo ?? 0n) - (segments[b]?.startFrameNo ?? 0n)));
  const n = segments.length;
  const model: TimelineModel = {
    min,
    span: Number(max - min + 1n),
    starts: new Float64Array(n),
    ends: new Float64Array(n),
    kinds: new Uint8Array(n),
    times: new Float64Array(n),
    files: new Array<string>(n),
    checkpoint: checkpoint === null ? null : Number(checkpoint - min + 1n),
    timeSpan: null,
  };
  let first = Infinity;
  let last = -Infinity;
  order.forEach((from, to) => {
    const s = segments[from];
    if (!s) return;
    model.starts[to] = Number(s.startFrameNo - min);
    model.ends[to] = Number(s.endFrameNo - min) + 1;
    const sound = (s.status === 'ok' || s.status === 'unsealed' || s.status === 'unchecked') && !failed.has(s.file);
    model.kinds[to] = s.location === 'remote' ? KIND_REMOTE : sound ? KIND_OK : KIND_BAD;
    model.times[to] = s.createdAt === null ? Number.NaN : Date.parse(s.createdAt);
    model.files[to] = s.file;
    const t = model.times[to] ?? Number.NaN;
    if (t < first) first = t;
    if (t > last) last = t;
  });
  if (last >= first) model.timeSpan = last - first;
  return model;
}

/** The first segment whose start is at or after `offset` (binary search over the sorted starts). */
export function firstAtOrAfter(starts: Float64Array, offset: number): number {
  let lo = 0;
  let hi = starts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((starts[mid] ?? 0) < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The segment holding the frame at `offset`, or -1; the newest start wins where segments overlap. */
export function segmentAt(model: TimelineModel, offset: number): number {
  for (let i = firstAtOrAfter(model.starts, offset + 1) - 1, looked = 0; i >= 0 && looked < 64; i--, looked++) {
    if ((model.ends[i] ?? 0) > offset) return i;
  }
  return -1;
}

/** Tick positions (offsets) at a round step: 1, 2 or 5 times a power of ten, about `count` of them. */
export function ticks(from: number, to: number, count: number): number[] {
  const raw = Math.max(1, (to - from) / Math.max(1, count));
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? raw;
  const out: number[] = [];
  for (let t = Math.ceil(from / step) * step; t <= to && out.length < 1000; t += step) out.push(t);
  return out;
}

/**
 * Segments per pixel column in view, split by kind: where many share a pixel the timeline draws
 * how many, not one solid bar. Wide segments are counted in every column they cover.
 */
export function binColumns(
  model: TimelineModel,
  from: number,
  to: number,
  width: number,
): { ok: Uint32Array; bad: Uint32Array; remote: Uint32Array } {
  const ok = new Uint32Array(width);
  const bad = new Uint32Array(width);
  const remote = new Uint32Array(width);
  const scale = width / (to - from);
  // Segments starting before the view may reach into it: step back past the longest overlap kept.
  let i = Math.max(0, firstAtOrAfter(model.starts, from) - 64);
  for (; i < model.starts.length; i++) {
    const start = model.starts[i] ?? 0;
    if (start >= to) break;
    const end = model.ends[i] ?? 0;
    if (end <= from) continue;
    const first = Math.max(0, Math.floor((start - from) * scale));
    const last = Math.min(width - 1, Math.max(first, Math.ceil((end - from) * scale) - 1));
    const bins = model.kinds[i] === KIND_REMOTE ? remote : model.kinds[i] === KIND_BAD ? bad : ok;
    for (let x = first; x <= last; x++) bins[x] = (bins[x] ?? 0) + 1;
  }
  return { ok, bad, remote };
}
