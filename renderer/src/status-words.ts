import type { Problem } from '../../core/model/problem.js';
import type { ListedSegment, VerifiedSegment } from '../../core/model/results.js';
import { uncommittedTail } from '../../core/model/uncommitted-tail.js';

/**
 * A verify's first warning where it found warnings and no error: a finding to heed, not a fault.
 * An unsealed segment's UNSEALED_SEGMENT is left out: the row's "unsealed" says it already, and
 * every namespace's current segment has one.
 */
function onlyWarning(segment: ListedSegment, verified: VerifiedSegment): Problem | undefined {
  if (verified.problems.some((p) => p.severity === 'error')) return undefined;
  return verified.problems.find((p) => !(segment.status === 'unsealed' && p.code === 'UNSEALED_SEGMENT'));
}

/** Words for what was checked of a segment: never more than that. */
export function statusText(segment: ListedSegment, verified: VerifiedSegment | undefined): string {
  if (verified) {
    const warning = onlyWarning(segment, verified);
    if (verified.ok) {
      const passed = segment.status === 'unsealed' ? 'unsealed, verified' : 'verified';
      // Its checks pass, and what they found besides is said as the warning it is, not left to the colour.
      return warning ? `${passed}, warning ${warning.code}` : passed;
    }
    if (warning) return `warning ${warning.code}`;
    const first = verified.problems.find((p) => p.severity !== 'warning') ?? verified.problems[0];
    return first?.code ?? 'failed';
  }
  // A WAL file's range ends at its last commit: the frames after it are said, not hidden.
  const tail = uncommittedTail(segment.uncommittedFrames);
  if (segment.status === 'ok') return tail ? `header ok, ${tail}` : 'header ok';
  if (segment.status === 'unchecked') return 'remote, not checked';
  return segment.status.replace(/_/g, ' ');
}

/**
 * The kind of mark a status gets: good, a warning (a verify that found warnings and no error,
 * coloured as Details colours a warning), bad, or neither (unchecked, unsealed).
 */
export function statusKind(
  segment: ListedSegment,
  verified: VerifiedSegment | undefined,
): 'good' | 'warning' | 'bad' | 'plain' {
  if (verified) return onlyWarning(segment, verified) ? 'warning' : verified.ok ? 'good' : 'bad';
  return segment.status === 'ok' || segment.status === 'unsealed' || segment.status === 'unchecked' ? 'plain' : 'bad';
}

/**
 * How bad a row's status is, for sorting by Status: verified, then read no further than the
 * header (unsealed, remote), then a header problem, then a verify that found warnings only
 * (whether or not its checks passed), then a failed verify with errors. Rows of one rank sort by
 * the words shown.
 */
export function statusRank(segment: ListedSegment, verified: VerifiedSegment | undefined): number {
  if (verified) {
    if (onlyWarning(segment, verified)) return 4;
    return verified.ok ? 0 : 5;
  }
  if (segment.status === 'ok') return 1;
  if (segment.status === 'unsealed' || segment.status === 'unchecked') return 2;
  return 3;
}
