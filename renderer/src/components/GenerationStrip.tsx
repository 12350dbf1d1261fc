import { frameText, whenShort } from '../format.js';
import type { View } from '../timeline-geometry.js';
import type { GenerationBand } from '../timeline-generations.js';

/** More bands than this in view, the ones under a thousandth of the view are left to the canvas's tint. */
const MANY = 400;

const at = (ms: number) => (Number.isNaN(ms) ? 'no time recorded' : `${whenShort(new Date(ms).toISOString())} UTC`);

/** A generation in words: its id whole, its frames, batches and times. */
function generationWords(band: GenerationBand): string {
  const frames = `frames ${frameText(band.min)} to ${frameText(band.min + BigInt(band.to - band.from - 1))}`;
  const batches = `${band.segments.toLocaleString('en-US')} ${band.segments === 1 ? 'batch' : 'batches'}`;
  const times = band.firstTime === band.lastTime ? at(band.firstTime) : `${at(band.firstTime)} to ${at(band.lastTime)}`;
  return `generation ${band.id}: ${frames}, ${batches}, ${times}`;
}

/**
 * A bottomless namespace's generations above the timeline, each over the frames it spans, oldest
 * first: its id shortened where it fits, the whole id and its times on hover. Frame numbers restart
 * in each, so the axis below counts from 1 again at every separator.
 */
export function GenerationStrip({ generations, view }: { generations: readonly GenerationBand[]; view: View }) {
  const size = view.to - view.from;
  // Percentages of the canvas's width: the strip follows zoom and resize without measuring anything.
  const inView = generations.filter((g) => g.to > view.from && g.from < view.to);
  const shown =
    inView.length <= MANY
      ? inView
      : inView.filter((g) => Math.min(g.to, view.to) - Math.max(g.from, view.from) >= size / 1000);
  return (
    <ol className="generations" aria-label="Generations">
      {shown.map((g) => {
        const left = Math.max(0, (g.from - view.from) / size) * 100;
        const right = Math.min(1, (g.to - view.from) / size) * 100;
        const words = generationWords(g);
        return (
          <li
            key={g.id}
            title={words}
            aria-label={words}
            className={generations.indexOf(g) % 2 === 1 ? 'generation odd' : 'generation'}
            style={{ left: `${left}%`, width: `${right - left}%` }}
          >
            <span className="generation-label" aria-hidden="true">
              {g.short}
            </span>
          </li>
        );
      })}
    </ol>
  );
}
