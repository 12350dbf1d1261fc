import { useLayoutEffect, useState } from 'react';
import { useStore } from './store.js';

/** The least width Details takes beside the tabs (the stylesheet's `max(240px, …)`). */
const SIDE_MIN = 240;
/** The width the stylesheet leaves the tabs before Details may take any more. */
const TABS_KEPT = 600;
/** Below the tabs, Details keeps at least this much even in a short window: its header and a few fields. */
const BELOW_LEAST = 120;

/**
 * The height the Segments table's rows keep whatever else is open: 200 px in a 700 px window,
 * 360 px from 900 px up, in proportion between, so an operator always sees a screenful of rows.
 */
function rowsLeast(windowHeight: number): number {
  return Math.round(Math.min(360, Math.max(200, 200 + (windowHeight - 700) * 0.8)));
}

/**
 * Whether Details goes below the tabs: where beside them it would leave the Segments table less
 * than its columns need whole (twenty-digit frames, a bottomless generation at 1024 px), so the
 * table never scrolls sideways and no column is cut. Decided again on every resize.
 */
export function useDetailsBelow(open: boolean, detailsWidth: number): boolean {
  const least = useStore((s) => s.tableLeast);
  const [below, setBelow] = useState(false);
  useLayoutEffect(() => {
    const decide = () => {
      const nav = document.querySelector('nav.sources')?.getBoundingClientRect().width ?? 0;
      const main = document.querySelector('main.workspace');
      const table = document.querySelector('[role="table"][aria-label="Segments"]');
      // The main area's padding and the table's border: the same beside or below.
      const edges = main && table ? main.getBoundingClientRect().width - table.clientWidth : 0;
      const side = Math.min(detailsWidth, Math.max(SIDE_MIN, window.innerWidth - nav - TABS_KEPT));
      setBelow(open && window.innerWidth - nav - side - edges < least);
    };
    decide();
    window.addEventListener('resize', decide);
    return () => window.removeEventListener('resize', decide);
  }, [open, least, detailsWidth]);
  return below;
}

const height = (selector: string) => document.querySelector(selector)?.getBoundingClientRect().height ?? 0;

/**
 * The most height Details may take below the tabs: what is left once the Segments tab has its
 * timeline, filters and gaps and its rows have `rowsLeast`. Measured, not assumed, because those
 * parts change height (a generations strip, an opened list of gaps, filters wrapping), and
 * measured again whenever the main area or the rows change size. While another tab is shown the
 * Segments tab's last measure stands, so switching tabs does not move the pane.
 */
export function useDetailsRoom(below: boolean): number {
  const [room, setRoom] = useState(Number.POSITIVE_INFINITY);
  useLayoutEffect(() => {
    if (!below) return;
    const main = document.querySelector('main.workspace');
    const rows = document.querySelector('[role="rowgroup"][aria-label="Segment rows"]');
    if (!main || !rows) return;
    let around: number | null = null;
    const measure = () => {
      const rowsHeight = rows.getBoundingClientRect().height;
      // A hidden tab has no boxes: its last measure stands.
      if (rowsHeight > 0) around = main.getBoundingClientRect().height - rowsHeight;
      if (around === null) return;
      const total = height('.app') - height('.appbar') - height('.statusbar');
      const next = Math.max(BELOW_LEAST, Math.floor(total - around - rowsLeast(window.innerHeight)));
      setRoom((was) => (Math.abs(was - next) < 1 ? was : next));
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(main);
    observer.observe(rows);
    window.addEventListener('resize', measure);
    return () => {
      observer.disconnect();
      window.removeEventListener('resize', measure);
    };
  }, [below]);
  return room;
}
