import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

/** One measured figure beside its baseline from the same run (never a number from elsewhere). */
export interface Measurement {
  suite: string;
  what: string;
  value: number;
  unit: string;
  baseline?: { what: string; value: number };
  /** How the figure compares with the baseline. */
  ratio?: { value: number; meaning: string };
  /** The goal the figure (or its ratio) must meet, and whether it did. */
  target?: { text: string; met: boolean };
}

export type Recorder = (m: Omit<Measurement, 'suite'>) => void;

export interface BenchSuite {
  name: string;
  run(record: Recorder): Promise<void>;
}

/** A step of a suite: it works under the suite's temporary folder and records its figures. */
export type BenchStep = (root: string, record: Recorder) => Promise<void>;

/** A suite whose steps run in order in one temporary folder, removed afterwards whatever happens. */
export function suiteInTemp(name: string, steps: readonly BenchStep[]): BenchSuite {
  return {
    name,
    async run(record) {
      const root = await mkdtemp(join(tmpdir(), `segscope-bench-${name}-`));
      try {
        for (const step of steps) await step(root, record);
      } finally {
        await rm(root, { recursive: true, force: true });
      }
    },
  };
}

/** Wall-clock milliseconds of one call. */
export async function timeMs(fn: () => unknown): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

/** A timed call, and what runs untimed before each run of it. */
export interface Timed {
  fn: () => unknown;
  settle?: () => unknown;
}

/**
 * The median of several timed runs of each call, which shrugs off one run disturbed by the other
 * core. The runs go in rounds, one of each call a round, so that a figure and its baseline meet
 * the same disk and the same neighbours: taken one after the other, a copy's speed moved from
 * 1129 to 2747 MB/s between two runs of one bench minutes apart.
 */
export async function mediansInTurnsMs(runs: number, calls: readonly Timed[]): Promise<number[]> {
  const times = calls.map((): number[] => []);
  for (let round = 0; round < runs; round++) {
    for (const [i, call] of calls.entries()) {
      await call.settle?.();
      times[i]?.push(await timeMs(call.fn));
    }
  }
  return times.map(median);
}

/** The median of several timed runs of one call; `settle` runs untimed before each run. */
export async function medianMs(runs: number, fn: () => unknown, settle?: () => unknown): Promise<number> {
  const [ms] = await mediansInTurnsMs(runs, [settle ? { fn, settle } : { fn }]);
  return ms ?? Number.NaN;
}

/** The middle value (the upper of the two middle ones for an even count), NaN for none. */
export function median(values: readonly number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
}

export function formatFigure(value: number, unit: string): string {
  const digits = value >= 100 ? 0 : value >= 10 ? 1 : 2;
  return `${value.toFixed(digits)} ${unit}`;
}
