import { type KeyboardEvent, useEffect, useState } from 'react';
import type { ListResult } from '../../core/model/results.js';
import type { Spot } from './timeline-geometry.js';
import type { TimelineModel } from './timeline-model.js';
import type { ViewControls } from './timeline-view.js';

/** The keyboard's cursor on the timeline: where it is, and the keys that move it, zoom, pan and pick. */
export interface TimelineKeys {
  /** The cursor's offset; null until a key moves it. */
  cursor: number | null;
  lane: number;
  onKey: (e: KeyboardEvent<HTMLCanvasElement>) => void;
}

/** Arrows move a cursor (up and down between lanes), +/- zoom, Page keys pan, Enter picks. */
export function useTimelineKeys(
  model: TimelineModel | null,
  listing: ListResult | null,
  { view, zoom, pan, whole }: ViewControls,
  pick: (spot: Spot) => void,
): TimelineKeys {
  const [cursor, setCursor] = useState<number | null>(null);
  // The lane the keyboard's cursor is in: arrows up and down move it where ranges overlap.
  const [cursorLane, setCursorLane] = useState(0);
  // Kept within the lanes there are: another listing may have fewer.
  const lane = Math.min(cursorLane, (model?.laneCount ?? 1) - 1);
  const span = model?.span ?? 1;
  useEffect(() => {
    setCursor(null);
    setCursorLane(0);
  }, [listing, span]);
  const onKey = (e: KeyboardEvent<HTMLCanvasElement>) => {
    if (!model) return;
    const step = (view.to - view.from) / 50;
    const at = cursor ?? (view.from + view.to) / 2;
    const keys: Record<string, () => void> = {
      // The cursor shows where it is in the new lane, so its words say what Enter would pick there.
      ArrowUp: () => {
        setCursor(at);
        setCursorLane(Math.max(0, lane - 1));
      },
      ArrowDown: () => {
        setCursor(at);
        setCursorLane(Math.min(model.laneCount - 1, lane + 1));
      },
      ArrowRight: () => setCursor(Math.min(model.span - 1, at + step)),
      ArrowLeft: () => setCursor(Math.max(0, at - step)),
      '+': () => zoom(0.5, at),
      '=': () => zoom(0.5, at),
      '-': () => zoom(2, at),
      '0': whole,
      PageDown: () => pan(0.5),
      PageUp: () => pan(-0.5),
      Enter: () => pick({ offset: at, lane }),
    };
    const action = keys[e.key];
    if (!action) return;
    e.preventDefault();
    action();
  };
  return { cursor, lane, onKey };
}
