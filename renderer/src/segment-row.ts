import type { ListedSegment } from '../../core/model/results.js';

/** A row of the Segments table, in pixels: the virtual list places rows by it and pages the keyboard with it. */
export const ROW_HEIGHT = 28;

/** A bottomless generation, where the layout gives rows one. */
export function generationOf(s: ListedSegment): string | null {
  const g: unknown = (s as ListedSegment & { generation?: unknown }).generation;
  return typeof g === 'string' || typeof g === 'number' || typeof g === 'bigint' ? String(g) : null;
}
