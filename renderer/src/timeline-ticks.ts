import type { TimelineModel } from './timeline-model.js';

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
