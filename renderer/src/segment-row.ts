import type { ListedSegment } from '../../core/model/results.js';

/** A row of the Segments table, in pixels: the virtual list places rows by it and pages the keyboard with it. */
export const ROW_HEIGHT = 28;

/**
 * Whether a row is fetched into this disk's cache before it is read: a segment only a libsql-wal
 * or seed remote holds. A bottomless bucket's objects are read where they lie, remote or not.
 */
export function fetchedFirst(s: ListedSegment): boolean {
  return s.location === 'remote' && generationOf(s) === null;
}

/** A bottomless generation, where the layout gives rows one. */
export function generationOf(s: ListedSegment): string | null {
  const g: unknown = (s as ListedSegment & { generation?: unknown }).generation;
  return typeof g === 'string' || typeof g === 'number' || typeof g === 'bigint' ? String(g) : null;
}
