import type { Problem } from '../model/problem.js';
import { verifyOnSecondThread } from '../inspect/verify-files.js';
import type { SegscopeError } from '../errors.js';
import { type PlannedSegment, damageRefusal } from './restore-plan.js';

/**
 * Snapshot frames below which their chains are proven inline: a second thread's start (tens of
 * milliseconds) outweighs the CRC-64 of fewer (at about 2 GB/s, 32,768 frames take some 70 ms).
 */
const SECOND_THREAD_FROM_FRAMES = 32_768n;

/**
 * The CRC-64 chains of the snapshots a restore applies, proven on the second thread while this
 * one applies their pages and SQLite checks the result: the chain is most of a snapshot's CPU
 * and the pages need none of it, so on two cores it costs the restore no time. The restore is
 * published only once every proof is in (`refusal`), so it still stands on no frame the chain
 * does not prove.
 */
export class ChainProofs {
  /** Steps whose chain this proves: their own scan skips it. */
  readonly elsewhere: ReadonlySet<number>;
  private readonly proven: Promise<Map<number, Problem | undefined>>;

  constructor(private readonly steps: readonly PlannedSegment[]) {
    const snapshots = [...steps.keys()].filter((i) => steps[i]?.segment.format === 'sqld-snapshot');
    const frames = snapshots.reduce((sum, i) => {
      const s = steps[i]?.segment;
      return s ? sum + s.endFrameNo - s.startFrameNo + 1n : sum;
    }, 0n);
    this.elsewhere = new Set(frames >= SECOND_THREAD_FROM_FRAMES ? snapshots : []);
    this.proven = this.prove([...this.elsewhere]);
    // Awaited by refusal(); a restore that fails first never asks, and that must not go unhandled.
    this.proven.catch(() => undefined);
  }

  /**
   * The refusal for the first step before `beforeStep` (all of them by default) whose proof found
   * an error: it came first, so it is what the restore reports over a later step's own error.
   */
  async refusal(beforeStep = Infinity): Promise<SegscopeError | undefined> {
    for (const [step, problem] of await this.proven) {
      const segment = this.steps[step]?.segment;
      if (step < beforeStep && problem && segment) return damageRefusal(segment, problem, undefined);
    }
    return undefined;
  }

  private async prove(indexes: number[]): Promise<Map<number, Problem | undefined>> {
    if (indexes.length === 0) return new Map();
    const paths = await Promise.all(indexes.map((i) => this.steps[i]?.segment.open() ?? Promise.resolve('')));
    const verified = await verifyOnSecondThread(paths);
    return new Map(
      indexes.map((step, k) => [step, verified[k]?.problems.find((p) => p.severity === 'error')] as const),
    );
  }
}
