import { type RefObject, useEffect, useMemo, useState } from 'react';
import type { ListResult } from '../../core/model/results.js';
import { css, draw } from './timeline-draw.js';
import { AXIS, type View } from './timeline-geometry.js';
import type { TimelineModel } from './timeline-model.js';

/** What the canvas shows: the model in a view, with the selection, the keyboard's cursor and a brush. */
export interface CanvasScene {
  model: TimelineModel | null;
  listing: ListResult | null;
  view: View;
  selectedFile: string | null;
  cursor: number | null;
  lane: number;
  brush: { from: number; to: number } | null;
}

/**
 * Draws the scene on the canvas whenever it, the canvas's width or the colour scheme changes;
 * gives the most segments a pixel column holds (for the legend) and the axes' labels in words.
 */
export function useTimelineCanvas(
  canvas: RefObject<HTMLCanvasElement | null>,
  { model, listing, view, selectedFile, cursor, lane, brush }: CanvasScene,
): { density: number; axes: string } {
  const [density, setDensity] = useState(1);
  const [axes, setAxes] = useState('');
  const [width, setWidth] = useState(0);
  // The colours come from the scheme's variables, so a switch of scheme draws again.
  const [scheme, setScheme] = useState(0);
  useEffect(() => {
    const el = canvas.current;
    if (!el) return;
    const observer = new ResizeObserver(() => setWidth(el.clientWidth));
    observer.observe(el);
    const dark = window.matchMedia('(prefers-color-scheme: dark)');
    const redraw = () => setScheme((n) => n + 1);
    dark.addEventListener('change', redraw);
    return () => {
      observer.disconnect();
      dark.removeEventListener('change', redraw);
    };
  }, [canvas]);
  const selected = useMemo(
    () => (model && selectedFile ? model.files.indexOf(selectedFile) : -1),
    [model, selectedFile],
  );
  useEffect(() => {
    const el = canvas.current;
    if (!el) return;
    if (!model || !listing) {
      el.getContext('2d')?.clearRect(0, 0, el.width, el.height);
      return;
    }
    const drawn = draw(el, { model, view, listing, selected, cursor, cursorLane: lane });
    setDensity(drawn.most);
    const times = drawn.times.length > 0 ? `; times (UTC) ${drawn.times.join(', ')}` : '';
    setAxes(`Frames ${drawn.frames.join(', ')}${times}.`);
    if (brush) {
      const ctx = el.getContext('2d');
      const scale = el.clientWidth / (view.to - view.from);
      if (ctx) {
        ctx.fillStyle = css(getComputedStyle(el), '--brush', '#36c4');
        ctx.fillRect(
          (Math.min(brush.from, brush.to) - view.from) * scale,
          0,
          Math.abs(brush.to - brush.from) * scale,
          AXIS,
        );
      }
    }
  }, [canvas, model, listing, view, selected, cursor, lane, brush, width, scheme]);
  return { density, axes };
}
