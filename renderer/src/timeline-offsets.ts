import type { TimelineModel } from './timeline-model.js';

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
