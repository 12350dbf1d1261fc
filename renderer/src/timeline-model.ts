import type { ListResult, ListedSegment } from '../../core/model/results.js';

/** What a segment is drawn as: on this disk and sound, with a problem, or only in the remote. */
export const KIND_OK = 0;
const KIND_BAD = 1;
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
  /** The lane each segment is drawn in: segments whose ranges overlap never share one (but the last). */
  lanes: Uint8Array;
  laneCount: number;
  /** Rows that number their frames apart from the log (sqld default mode's data-wal), as files. */
  apart: string[];
  /** Creation time (ms since the epoch) where known, NaN where not. */
  times: Float64Array;
  files: string[];
  checkpoint: number | null;
  /** Milliseconds from the first known creation time to the last; null where none is known. */
  timeSpan: number | null;
  /** Bottomless: the generations side by side, oldest first; empty for every other layout. */
  generations: GenerationBand[];
}

/**
 * A bottomless generation on the axis: its frames restart at 1, so generations are laid side by
 * side, oldest first, each over as many offsets as it has frames.
 */
export interface GenerationBand {
  id: string;
  /** The id cut to what tells it from the others, for a label. */
  short: string;
  /** Offsets: `from` included, `to` not. */
  from: number;
  to: number;
  /** Its first frame, the one at `from`. */
  min: bigint;
  segments: number;
  /** First and last creation time known (ms since the epoch), NaN where none. */
  firstTime: number;
  lastTime: number;
}

/** The shortest prefix, in whole groups of the id, that no other generation shares. */
export function shortIds(ids: readonly string[]): Map<string, string> {
  const groupEnd = (id: string, from: number) => {
    const next = id.indexOf('-', from);
    return next < 0 ? id.length : next;
  };
  const out = new Map<string, string>();
  for (const id of ids) {
    let length = groupEnd(id, 1);
    while (length < id.length && ids.some((other) => other !== id && other.startsWith(id.slice(0, length))))
      length = groupEnd(id, length + 1);
    out.set(id, id.slice(0, length));
  }
  return out;
}

const byTime = (a: number, b: number) => (Number.isNaN(a) ? (Number.isNaN(b) ? 0 : 1) : Number.isNaN(b) ? -1 : a - b);

/**
 * A bottomless listing's rows grouped by generation, oldest first (by its batches' times; the
 * listing's order where none is known), each group by start frame, and the bands they make.
 */
function generationOrder(segments: readonly ListedSegment[]): { order: number[]; bands: GenerationBand[] } {
  const groups = new Map<string, number[]>();
  for (const [i, s] of segments.entries()) {
    const key = s.generation ?? '';
    const group = groups.get(key);
    if (group) group.push(i);
    else groups.set(key, [i]);
  }
  const found = [...groups].map(([id, rows]) => {
    rows.sort((x, y) => bigOrder(segments[x]?.startFrameNo ?? 0n, segments[y]?.startFrameNo ?? 0n));
    // Frames restart at 1 in each generation: a band starts there, so missing first batches show as its gap.
    const first = segments[rows[0] ?? 0]?.startFrameNo ?? 1n;
    const min = first < 1n ? first : 1n;
    let max = min;
    let firstTime = Number.NaN;
    let lastTime = Number.NaN;
    for (const i of rows) {
      const s = segments[i];
      if (!s) continue;
      if (s.endFrameNo > max) max = s.endFrameNo;
      const t = s.createdAt === null ? Number.NaN : Date.parse(s.createdAt);
      if (Number.isNaN(t)) continue;
      if (!(t >= firstTime)) firstTime = t;
      if (!(t <= lastTime)) lastTime = t;
    }
    return { id, rows, min, frames: Number(max - min + 1n), firstTime, lastTime };
  });
  found.sort((a, b) => byTime(a.firstTime, b.firstTime));
  const short = shortIds(found.map((g) => g.id));
  const order: number[] = [];
  const bands: GenerationBand[] = [];
  let at = 0;
  for (const g of found) {
    bands.push({
      id: g.id,
      short: short.get(g.id) ?? g.id,
      from: at,
      to: at + g.frames,
      min: g.min,
      segments: g.rows.length,
      firstTime: g.firstTime,
      lastTime: g.lastTime,
    });
    at += g.frames;
    order.push(...g.rows);
  }
  return { order, bands };
}

const bigOrder = (x: bigint, y: bigint) => (x < y ? -1 : x > y ? 1 : 0);

/** Beyond this many lanes, overlapping segments share the last one (the overlap count still names them). */
const MAX_LANES = 4;

/**
 * Each segment's lane: the first whose segments all end before it starts. The log's pieces are
 * placed first, so a file numbering its frames apart (a SQLite WAL) takes a lane below them.
 */
function assignLanes(model: TimelineModel, apart: Uint8Array): void {
  const reach: number[] = [];
  for (const pass of [0, 1]) {
    const from = reach.length;
    for (let i = 0; i < model.starts.length; i++) {
      if (apart[i] !== pass) continue;
      const start = model.starts[i] ?? 0;
      let lane = reach.findIndex((end, l) => l >= from && end <= start);
      if (lane < 0) lane = reach.length < MAX_LANES ? reach.length : MAX_LANES - 1;
      reach[lane] = Math.max(reach[lane] ?? 0, model.ends[i] ?? 0);
      model.lanes[i] = lane;
    }
  }
  model.laneCount = Math.max(1, reach.length);
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
  const generational = segments.some((s) => s.generation !== undefined);
  const startOf = (i: number) => segments[i]?.startFrameNo ?? 0n;
  const { order, bands } = generational ? generationOrder(segments) : { order: segments.map((_, i) => i), bands: [] };
  if (!generational && !order.every((i) => i === 0 || bigOrder(startOf(i - 1), startOf(i)) <= 0))
    order.sort((a, b) => bigOrder(startOf(a), startOf(b)));
  // Side by side, a row's frames count from its band's first frame, moved to where the band begins.
  const zeroOf = new Map(bands.map((b) => [b.id, b.min - BigInt(b.from)]));
  const n = segments.length;
  const model: TimelineModel = {
    min,
    span: bands.at(-1)?.to ?? Number(max - min + 1n),
    starts: new Float64Array(n),
    ends: new Float64Array(n),
    kinds: new Uint8Array(n),
    lanes: new Uint8Array(n),
    laneCount: 1,
    apart: [],
    times: new Float64Array(n),
    files: new Array<string>(n),
    checkpoint: checkpoint === null ? null : Number(checkpoint - min + 1n),
    timeSpan: null,
    generations: bands,
  };
  let first = Infinity;
  let last = -Infinity;
  const apart = new Uint8Array(n);
  order.forEach((from, to) => {
    const s = segments[from];
    if (!s) return;
    const zero = zeroOf.get(s.generation ?? '') ?? min;
    model.starts[to] = Number(s.startFrameNo - zero);
    model.ends[to] = Number(s.endFrameNo - zero) + 1;
    const sound = (s.status === 'ok' || s.status === 'unsealed' || s.status === 'unchecked') && !failed.has(s.file);
    model.kinds[to] = s.location === 'remote' ? KIND_REMOTE : sound ? KIND_OK : KIND_BAD;
    model.times[to] = s.createdAt === null ? Number.NaN : Date.parse(s.createdAt);
    model.files[to] = s.file;
    if (s.format === 'sqlite-wal') {
      apart[to] = 1;
      model.apart.push(s.file);
    }
    const t = model.times[to] ?? Number.NaN;
    if (t < first) first = t;
    if (t > last) last = t;
  });
  if (last >= first) model.timeSpan = last - first;
  assignLanes(model, apart);
  return model;
}

/** The generation band holding `offset`, or -1 (always -1 outside a bottomless listing). */
export function generationAt(model: TimelineModel, offset: number): number {
  const bands = model.generations;
  let lo = 0;
  let hi = bands.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((bands[mid]?.to ?? 0) <= offset) lo = mid + 1;
    else hi = mid;
  }
  return lo < bands.length && (bands[lo]?.from ?? 0) <= offset ? lo : -1;
}

/** The frame number at an offset: within its generation where frames restart per generation. */
export function frameAt(model: TimelineModel, offset: number): bigint {
  const whole = BigInt(Math.max(0, Math.floor(offset)));
  const band = model.generations[generationAt(model, offset)];
  return band ? band.min + whole - BigInt(band.from) : model.min + whole;
}

/** Where a range of frames lies on the axis, `to` excluded (null: a generation the axis does not show). */
export function rangeOffsets(
  model: TimelineModel,
  range: { fromFrameNo: bigint; toFrameNo: bigint; generation?: string },
): { from: number; to: number } | null {
  if (model.generations.length === 0) {
    return { from: Number(range.fromFrameNo - model.min), to: Number(range.toFrameNo - model.min) + 1 };
  }
  const band = model.generations.find((b) => b.id === range.generation);
  if (!band) return null;
  const from = band.from + Number(range.fromFrameNo - band.min);
  return { from, to: from + Number(range.toFrameNo - range.fromFrameNo) + 1 };
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

/** A segment a pointer names: `under` where it holds the frame, else the nearest in the pointer's lane. */
export interface LaneHit {
  at: number;
  under: boolean;
}

/** The offsets between `offset` and segment `i`'s range: 0 inside it. */
function distance(model: TimelineModel, i: number, offset: number): number {
  const start = model.starts[i] ?? 0;
  const end = model.ends[i] ?? 0;
  return offset < start ? start - offset : offset >= end ? offset - end + 1 : 0;
}

/**
 * The segment drawn at `offset` in `lane`: the one holding that frame there (the newest start
 * where the shared last lane holds several), or failing that the lane's nearest, before or after;
 * null for a lane with no segment. Segments of other lanes are never named, however they overlap.
 */
export function segmentInLane(model: TimelineModel, offset: number, lane: number): LaneHit | null {
  let before = -1;
  // Back from the last start at or before the frame, past other lanes' segments: the lane's first found
  // may not hold it where the shared lane overlaps, so up to 64 of the lane are looked at, as segmentAt does.
  for (let i = firstAtOrAfter(model.starts, offset + 1) - 1, looked = 0; i >= 0 && looked < 64; i--) {
    if (model.lanes[i] !== lane) continue;
    if (before < 0) before = i;
    if ((model.ends[i] ?? 0) > offset) return { at: i, under: true };
    looked++;
  }
  let after = -1;
  for (let i = firstAtOrAfter(model.starts, offset + 1); i < model.starts.length && after < 0; i++)
    if (model.lanes[i] === lane) after = i;
  if (before < 0 && after < 0) return null;
  const nearest =
    after < 0 || (before >= 0 && distance(model, before, offset) <= distance(model, after, offset)) ? before : after;
  return { at: nearest, under: false };
}

/** A round step (1, 2 or 5 times a power of ten) giving about `count` ticks over `size` offsets. */
function tickStep(size: number, count: number): number {
  const raw = Math.max(1, size / Math.max(1, count));
  const power = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? raw;
}

/** Tick positions (offsets) at a round step: 1, 2 or 5 times a power of ten, about `count` of them. */
function ticks(from: number, to: number, count: number): number[] {
  const step = tickStep(to - from, count);
  const out: number[] = [];
  for (let t = Math.ceil(from / step) * step; t <= to && out.length < 1000; t += step) out.push(t);
  return out;
}

/**
 * The frame axis's ticks between two offsets: round offsets, or where frames restart per
 * generation, round frame numbers within each generation in view.
 */
export function axisTicks(
  model: TimelineModel,
  from: number,
  to: number,
  count: number,
): { offset: number; frame: bigint }[] {
  if (model.generations.length === 0)
    return ticks(from, to, count).map((t) => ({ offset: t, frame: model.min + BigInt(Math.round(t)) }));
  const step = BigInt(tickStep(to - from, count));
  const out: { offset: number; frame: bigint }[] = [];
  for (const band of model.generations) {
    if (band.to <= from || band.from > to) continue;
    const lo = band.min + BigInt(Math.max(0, Math.ceil(from - band.from)));
    const hi = band.min + BigInt(Math.floor(Math.min(to, band.to - 1) - band.from));
    // Each generation's first frame is labelled, so the axis shows its numbering start again.
    if (band.from >= from) out.push({ offset: band.from, frame: band.min });
    for (let f = ((lo + step - 1n) / step) * step; f <= hi && out.length < 1000; f += step)
      if (f !== band.min) out.push({ offset: band.from + Number(f - band.min), frame: f });
  }
  return out;
}

/**
 * Segments per pixel column in view, split by kind: where many share a pixel the timeline draws
 * how many, not one solid bar. Wide segments are counted in every column they cover; `lane`
 * counts only that lane's.
 */
export function binColumns(
  model: TimelineModel,
  from: number,
  to: number,
  width: number,
  lane: number | null = null,
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
    if (end <= from || (lane !== null && model.lanes[i] !== lane)) continue;
    const first = Math.max(0, Math.floor((start - from) * scale));
    const last = Math.min(width - 1, Math.max(first, Math.ceil((end - from) * scale) - 1));
    const bins = model.kinds[i] === KIND_REMOTE ? remote : model.kinds[i] === KIND_BAD ? bad : ok;
    for (let x = first; x <= last; x++) bins[x] = (bins[x] ?? 0) + 1;
  }
  return { ok, bad, remote };
}
