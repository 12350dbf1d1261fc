import { firstAtOrAfter } from './timeline-hits.js';
import type { TimelineModel } from './timeline-model.js';

/** The canvas's height, and the band the segments are drawn in above the axes (px from its top). */
export const HEIGHT = 92;
export const BAND_TOP = 14;
export const BAND = 40;
export const AXIS = BAND_TOP + BAND + 6;

/** The offsets shown, `to` excluded. */
export interface View {
  from: number;
  to: number;
}

/** The segments in view, from the first that may reach into it to the first starting past it. */
export function inView(model: TimelineModel, view: View): { first: number; last: number } {
  return {
    first: Math.max(0, firstAtOrAfter(model.starts, view.from) - 64),
    last: firstAtOrAfter(model.starts, view.to),
  };
}

/**
 * Where the lanes lie: the top of the first and the height of each. Few segments in view are drawn
 * one by one, a shape each (`dense` false); many as counts a pixel column, from each lane's foot up.
 */
export function laneBox(lanes: number, dense: boolean): { top: number; height: number } {
  return dense ? { top: BAND_TOP, height: (BAND - 10) / lanes } : { top: BAND_TOP + 4, height: (BAND - 19) / lanes };
}

/** Whether this view draws counts a pixel column (many segments in it) rather than a shape a segment. */
export const isDense = (model: TimelineModel, view: View, width: number) => {
  const { first, last } = inView(model, view);
  return last - first >= Math.ceil(width) / 3;
};

/** The lane drawn at `y` px from the canvas's top, as drawn for this view; above or below them, the nearest. */
export function laneAt(model: TimelineModel, view: View, width: number, y: number): number {
  const { top, height } = laneBox(model.laneCount, isDense(model, view, width));
  return Math.min(model.laneCount - 1, Math.max(0, Math.floor((y - top) / height)));
}

/** A place on the timeline: an offset along the frame axis, in one lane. */
export interface Spot {
  offset: number;
  lane: number;
}
