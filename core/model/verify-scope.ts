import type { ListedSegment, VerifiedSegment } from './results.js';

/**
 * Whether a namespace's own checks read a listed file whole, and so verify it themselves: a SQLite
 * WAL (sqld's `data-wal`), which they hold against the database file and against the log. A verify
 * made of calls of files (the screen's Verify all) leaves it to its namespace call, read once.
 */
export function readByNamespaceChecks(segment: Pick<ListedSegment, 'format'>): boolean {
  return segment.format === 'sqlite-wal';
}

/** A verify's outcome in the words `segscope verify` ends with: how many of its rows were checked, and failed. */
export function verifyTotals(segments: readonly VerifiedSegment[]): string {
  const failed = segments.filter((s) => !s.ok).length;
  const checked = segments.filter((s) => s.noteOnly !== true).length;
  return failed === 0 ? `all ${checked} verified` : `${failed} of ${checked} failed`;
}
