import { execFile, execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { COMMAND_ENV, ROOT } from './command-env.js';
import { median } from './harness.js';

/** The Python scripts: the runner below and the baselines the cli suite compares with. */
export const PY = join(ROOT, 'test', 'bench', 'py');
export const RUNS = 5;

export interface Run {
  wallMs: number;
  peakMb: number;
}

function runOf(argv: readonly string[], out: string): Run {
  const { wall_ms, max_rss_kib, code } = JSON.parse(out) as { wall_ms: number; max_rss_kib: number; code: number };
  if (code !== 0) throw new Error(`${argv.join(' ')} exited with ${code}`);
  return { wallMs: wall_ms, peakMb: (max_rss_kib * 1024) / 1e6 };
}

/** One command as its own process, timed and its peak memory read by Python's getrusage. */
export function measured(argv: readonly string[], env: NodeJS.ProcessEnv = COMMAND_ENV): Run {
  return runOf(argv, execFileSync('python3', [join(PY, 'run_measured.py'), ...argv], { encoding: 'utf8', env }));
}

/**
 * The same without blocking this process: for a command that talks to a server this process
 * runs (a proxy), which a synchronous wait would leave unanswered.
 */
export async function measuredAsync(argv: readonly string[], env: NodeJS.ProcessEnv = COMMAND_ENV): Promise<Run> {
  const { stdout } = await promisify(execFile)('python3', [join(PY, 'run_measured.py'), ...argv], { env });
  return runOf(argv, stdout);
}

/** The median wall time of `count` runs of a command, each its own process, and the largest peak seen. */
export function repeated(argv: readonly string[], env?: NodeJS.ProcessEnv, count = RUNS): Run {
  const runs = Array.from({ length: count }, () => measured(argv, env));
  return { wallMs: median(runs.map((r) => r.wallMs)), peakMb: Math.max(...runs.map((r) => r.peakMb)) };
}

/**
 * The median wall times of `count` runs of each command, taken in turns (one of each, then again),
 * so a burst of load on the machine weighs on all of them alike instead of on whichever ran then.
 */
export function interleaved(argvs: readonly (readonly string[])[], count: number): number[] {
  const walls = argvs.map((): number[] => []);
  for (let i = 0; i < count; i++) argvs.forEach((argv, k) => walls[k]?.push(measured(argv).wallMs));
  return walls.map(median);
}
