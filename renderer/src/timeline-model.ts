import type { ListResult } from '../../core/model/results.js';
import { type GenerationBand, bigOrder, generationOrder } from './timeline-generations.js';

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
  // A bottomless snapshot holds pages and no frame (its generation's point 0): no range to draw.
  const segments = (listing?.segments ?? []).filter((s) => s.format !== 'bottomless-snapshot');
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
    model.kinds[to] = !sound ? KIND_BAD : s.location === 'remote' ? KIND_REMOTE : KIND_OK;
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
