import type { ErrorCode } from '../errors.js';
import type { Problem } from '../model/problem.js';

export function hasErrors(problems: readonly Problem[]): boolean {
  return problems.some((p) => p.severity === 'error');
}

/** A damaged file can break the same rule thousands of times; one line each with a count reads better. */
export class ProblemLog {
  private readonly first = new Map<ErrorCode, Problem>();
  private readonly counts = new Map<ErrorCode, number>();

  /**
   * A message that costs work to write may be given as a function: it is called only for the first
   * problem of its code, so a file breaking a rule at every frame costs a count per frame, not a message.
   */
  add(code: ErrorCode, message: string | (() => string), severity: Problem['severity'] = 'error'): void {
    if (!this.first.has(code))
      this.first.set(code, { code, message: typeof message === 'string' ? message : message(), severity });
    this.counts.set(code, (this.counts.get(code) ?? 0) + 1);
  }

  warn(code: ErrorCode, message: string): void {
    this.add(code, message, 'warning');
  }

  has(code: ErrorCode): boolean {
    return this.first.has(code);
  }

  list(): Problem[] {
    return [...this.first.values()].map((problem) => {
      const more = (this.counts.get(problem.code) ?? 1) - 1;
      return more > 0 ? { ...problem, message: `${problem.message} (and ${more} more like it)` } : problem;
    });
  }
}
