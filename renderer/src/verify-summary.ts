import type { VerifiedSegment } from '../../core/model/results.js';
import { verifyTotals } from '../../core/model/verify-scope.js';

/** A whole verify in a line: what failed, in the command's words, then how many warnings and their codes. */
export function verifySummary(outcome: readonly VerifiedSegment[]): string {
  const warnings = outcome.flatMap((s) => s.problems.filter((p) => p.severity === 'warning'));
  const codes = [...new Set(warnings.map((p) => p.code))].join(', ');
  const count = `${warnings.length.toLocaleString('en-US')} ${warnings.length === 1 ? 'warning' : 'warnings'}`;
  return warnings.length === 0 ? verifyTotals(outcome) : `${verifyTotals(outcome)}; ${count}: ${codes}`;
}
