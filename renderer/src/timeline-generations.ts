import type { ListedSegment } from '../../core/model/results.js';

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

/** Frame numbers in order, for sorting rows by their start. */
export const bigOrder = (x: bigint, y: bigint) => (x < y ? -1 : x > y ? 1 : 0);

/**
 * A bottomless listing's rows grouped by generation, oldest first (by its batches' times; the
 * listing's order where none is known), each group by start frame, and the bands they make.
 */
export function generationOrder(segments: readonly ListedSegment[]): { order: number[]; bands: GenerationBand[] } {
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
