import { type KeyboardEvent, type RefObject, useEffect, useRef, useState } from 'react';
import { frameText } from '../format.js';

/** Why a SQLite WAL's lane overlaps the log's: no problem, a second history of the same pages. */
export const APART_WORDS =
  "SQLite's own frame count since its last checkpoint, a second history beside the log's: overlapping it is expected";

export interface LegendFacts {
  gaps: number;
  overlaps: number;
  /** The database file's last checkpointed frame, where it has one. */
  checkpoint: bigint | null;
  laneCount: number;
  /** Files numbering their frames apart from the log, drawn in the lane below it. */
  apart: readonly string[];
  /** The most segments in one pixel column, 1 where none share one. */
  density: number;
}

/** One key of the legend: a swatch (none for words alone), its short words, and what it means in full. */
interface LegendKey {
  swatch: string | null;
  short: string;
  full: string;
}

function legendKeys(f: LegendFacts): LegendKey[] {
  const keys: LegendKey[] = [
    { swatch: 'bar', short: 'segment', full: 'on this disk, nothing found wrong with it' },
    { swatch: 'bad', short: 'problem', full: 'damaged, or a verify found an error in it' },
    { swatch: 'remote', short: 'remote only', full: 'in the remote, not on this disk' },
    { swatch: 'gap', short: `gap (${f.gaps})`, full: 'frames no segment holds, drawn across the whole height' },
    { swatch: 'overlap', short: `overlap (${f.overlaps})`, full: 'frames more than one segment holds, along the top' },
  ];
  if (f.checkpoint)
    keys.push({
      swatch: 'database',
      short: 'database file',
      full: `frames 1 to ${frameText(f.checkpoint)}, checkpointed into it, along the foot`,
    });
  if (f.laneCount > 1) {
    const files = f.apart.join(', ');
    keys.push({
      swatch: null,
      short: files ? `${files} below: its own frame count` : `overlaps in ${f.laneCount} lanes`,
      full:
        `ranges that overlap are drawn in ${f.laneCount} lanes, one below the other; hover and a click name ` +
        `the segment in the lane under the pointer (up and down arrows move between lanes)` +
        (files ? `. The lower lane, ${files}: ${APART_WORDS}` : ''),
    });
  }
  if (f.density > 1)
    keys.push({
      swatch: null,
      short: `up to ${f.density.toLocaleString('en-US')} segments a pixel`,
      full: 'where segments share a pixel column, its bar grows with how many do',
    });
  return keys;
}

const KEYS_WORDS =
  'Keys: arrows left and right move, up and down change lane, Enter picks, plus and minus zoom, 0 shows all.';

/** The legend's list, opened from its button: open or not, and what closes it. */
export interface LegendPopover {
  open: boolean;
  setOpen: (open: boolean) => void;
  button: RefObject<HTMLButtonElement | null>;
  panel: RefObject<HTMLDivElement | null>;
  /** Escape closes it and gives the focus back to its button. */
  onKey: (e: KeyboardEvent<HTMLElement>) => void;
}

/** The list's state; a click anywhere but on it or its button closes it. */
export function useLegendPopover(): LegendPopover {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const away = (e: PointerEvent) => {
      const target = e.target instanceof Node ? e.target : null;
      if (!panel.current?.contains(target) && !button.current?.contains(target)) setOpen(false);
    };
    document.addEventListener('pointerdown', away);
    return () => document.removeEventListener('pointerdown', away);
  }, [open]);
  const onKey = (e: KeyboardEvent<HTMLElement>) => {
    if (e.key !== 'Escape' || !open) return;
    e.stopPropagation();
    setOpen(false);
    button.current?.focus();
  };
  return { open, setOpen, button, panel, onKey };
}

/**
 * What the timeline's colours and lanes mean, on one line where the bar has room. Where it has not
 * (a 1024 px window) it is hidden and LegendToggle, shown instead, opens LegendList: the same keys,
 * each with its meaning in full, over the table.
 */
export function LegendLine({ facts }: { facts: LegendFacts }) {
  return (
    <span className="legend" id="timeline-keys">
      {legendKeys(facts).map((k) => (
        <span key={k.short} className="legend-key">
          {k.swatch ? <span className={`swatch ${k.swatch}`} /> : '·'} {k.short}
        </span>
      ))}
      <span className="visually-hidden"> {KEYS_WORDS}</span>
    </span>
  );
}

export function LegendToggle({ popover }: { popover: LegendPopover }) {
  return (
    <button
      ref={popover.button}
      type="button"
      className="small legend-toggle"
      aria-expanded={popover.open}
      aria-controls="timeline-legend"
      onClick={() => popover.setOpen(!popover.open)}
      onKeyDown={popover.onKey}
    >
      Legend
    </button>
  );
}

export function LegendList({ facts, popover }: { facts: LegendFacts; popover: LegendPopover }) {
  if (!popover.open) return null;
  return (
    <div
      ref={popover.panel}
      id="timeline-legend"
      className="legend-popover"
      role="group"
      aria-label="Timeline legend"
      onKeyDown={popover.onKey}
    >
      <ul>
        {legendKeys(facts).map((k) => (
          <li key={k.short}>
            <span className={`swatch ${k.swatch ?? 'none'}`} />
            <span>
              <strong>{k.short}</strong>: {k.full}
            </span>
          </li>
        ))}
      </ul>
      <p>{KEYS_WORDS}</p>
    </div>
  );
}
