import { firstAtOrAfter } from './timeline-hits.js';
import { KIND_BAD, KIND_REMOTE, type TimelineModel } from './timeline-model.js';

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
