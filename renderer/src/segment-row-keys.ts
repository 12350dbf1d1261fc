import type { KeyboardEvent } from 'react';
import type { ListedSegment } from '../../core/model/results.js';
import { ROW_HEIGHT } from './segment-row.js';
import { useStore } from './store.js';

/** What the rows' keys act on: the rows in order, the selected one, and how to bring a row into view. */
export interface RowKeysTarget {
  rows: readonly ListedSegment[];
  selected: string | null;
  /** The rows' height in view, for a page's worth of rows. */
  viewHeight: number | undefined;
  scrollTo: (index: number) => void;
}

/**
 * The Segments rows' keys: arrows, Page keys, Home and End select a row and scroll to it, Space
 * marks it for comparison, Enter goes into its Details and Escape clears the selection.
 */
export function onRowKey(e: KeyboardEvent<HTMLDivElement>, { rows, selected, viewHeight, scrollTo }: RowKeysTarget) {
  const { select, toggleComparison } = useStore.getState();
  const at = rows.findIndex((r) => r.file === selected);
  const page = Math.max(1, Math.floor((viewHeight ?? ROW_HEIGHT * 10) / ROW_HEIGHT) - 1);
  if (e.key === 'Escape' && selected !== null) {
    e.preventDefault();
    void select(null);
    return;
  }
  // Enter takes the keyboard into the selected row's Details; Escape there brings it back.
  if (e.key === 'Enter' && selected !== null) {
    e.preventDefault();
    document.querySelector<HTMLElement>('.details-body')?.focus();
    return;
  }
  if (e.key === ' ' || e.key === 'Spacebar') {
    e.preventDefault();
    const row = rows[at];
    if (row) toggleComparison(row.file);
    return;
  }
  const moves: Record<string, number> = {
    ArrowDown: at + 1,
    ArrowUp: at - 1,
    PageDown: at + page,
    PageUp: at - page,
    Home: 0,
    End: rows.length - 1,
  };
  const target = moves[e.key];
  if (target === undefined || rows.length === 0) return;
  e.preventDefault();
  const index = Math.max(0, Math.min(rows.length - 1, at < 0 && e.key !== 'End' ? 0 : target));
  const next = rows[index];
  if (next) {
    void select(next.file);
    scrollTo(index);
  }
}
