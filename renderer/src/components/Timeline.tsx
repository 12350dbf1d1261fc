import { type MouseEvent, useEffect, useMemo, useRef } from 'react';
import { useStore } from '../store.js';

const HEIGHT = 84;
const LANES = 3;

/**
 * Segments as bars along the frame axis, gaps in red and overlaps in amber, remote-only segments
 * hatched apart, and a sqld namespace's database file as the band of frames it already holds.
 * Drawn on a canvas so 100,000 segments cost one paint; overlapping segments go to a second or
 * third lane. A click selects the segment under the pointer.
 */
export function Timeline() {
  const listing = useStore((s) => s.listing);
  const selected = useStore((s) => s.selected);
  const select = useStore((s) => s.select);
  const canvas = useRef<HTMLCanvasElement>(null);

  const layout = useMemo(() => {
    const segments = listing?.segments ?? [];
    const checkpoint = listing?.database?.replicationIndex ?? null;
    if (segments.length === 0 && !checkpoint) return null;
    let min = checkpoint ? 1n : (segments[0]?.startFrameNo ?? 0n);
    let max = checkpoint ?? 0n;
    for (const s of segments) {
      if (s.startFrameNo < min) min = s.startFrameNo;
      if (s.endFrameNo > max) max = s.endFrameNo;
    }
    const laneEnds: bigint[] = [];
    const lanes = segments.map((s) => {
      let lane = laneEnds.findIndex((end) => end < s.startFrameNo);
      if (lane < 0) lane = Math.min(laneEnds.length, LANES - 1);
      laneEnds[lane] = s.endFrameNo;
      return lane;
    });
    return { min, span: Number(max - min + 1n), segments, lanes, checkpoint };
  }, [listing]);

  useEffect(() => {
    const el = canvas.current;
    if (!el || !layout) return;
    const ratio = window.devicePixelRatio || 1;
    const width = el.clientWidth;
    el.width = width * ratio;
    el.height = HEIGHT * ratio;
    const ctx = el.getContext('2d');
    if (!ctx) return;
    ctx.scale(ratio, ratio);
    ctx.clearRect(0, 0, width, HEIGHT);
    const styles = getComputedStyle(el);
    const x = (frame: bigint) => (Number(frame - layout.min) / layout.span) * width;
    const laneHeight = (HEIGHT - 24) / LANES;
    ctx.fillStyle = styles.getPropertyValue('--gap').trim() || '#d33';
    for (const g of listing?.gaps ?? []) ctx.fillRect(x(g.fromFrameNo), 0, Math.max(2, x(g.toFrameNo + 1n) - x(g.fromFrameNo)), HEIGHT - 20);
    ctx.fillStyle = styles.getPropertyValue('--overlap').trim() || '#e90';
    for (const o of listing?.overlaps ?? []) ctx.fillRect(x(o.fromFrameNo), 0, Math.max(2, x(o.toFrameNo + 1n) - x(o.fromFrameNo)), HEIGHT - 20);
    if (layout.checkpoint) {
      ctx.fillStyle = styles.getPropertyValue('--database').trim() || '#8a8';
      ctx.fillRect(0, 2, Math.max(2, x(layout.checkpoint + 1n)), HEIGHT - 26);
    }
    const ok = styles.getPropertyValue('--bar').trim() || '#36c';
    const bad = styles.getPropertyValue('--bad').trim() || '#c33';
    layout.segments.forEach((s, i) => {
      ctx.fillStyle = s.file === selected ? styles.getPropertyValue('--accent').trim() || '#0a0' : s.status === 'ok' || s.status === 'unsealed' || s.status === 'unchecked' ? ok : bad;
      const top = 2 + (layout.lanes[i] ?? 0) * laneHeight;
      const width = Math.max(1, x(s.endFrameNo + 1n) - x(s.startFrameNo) - 1);
      // Only in the remote: drawn as an outline, apart from what is on this disk.
      if (s.location === 'remote') {
        ctx.strokeStyle = ctx.fillStyle;
        ctx.strokeRect(x(s.startFrameNo) + 0.5, top + 0.5, width - 1, laneHeight - 4);
      } else {
        ctx.fillRect(x(s.startFrameNo), top, width, laneHeight - 3);
      }
    });
    ctx.fillStyle = styles.getPropertyValue('color');
    ctx.font = '11px system-ui, sans-serif';
    ctx.fillText(`frame ${layout.min}`, 2, HEIGHT - 6);
    const last = `frame ${layout.min + BigInt(layout.span - 1)}`;
    ctx.fillText(last, width - ctx.measureText(last).width - 2, HEIGHT - 6);
  }, [layout, listing, selected]);

  const onClick = (e: MouseEvent<HTMLCanvasElement>) => {
    if (!layout) return;
    const rect = e.currentTarget.getBoundingClientRect();
    const frame = layout.min + BigInt(Math.floor(((e.clientX - rect.left) / rect.width) * layout.span));
    const hit = layout.segments.find((s) => s.startFrameNo <= frame && frame <= s.endFrameNo);
    if (hit) void select(hit.file);
  };

  const gaps = listing?.gaps.length ?? 0;
  const overlaps = listing?.overlaps.length ?? 0;
  return (
    <section className="timeline" aria-label="Timeline">
      <canvas
        ref={canvas}
        role="img"
        aria-label={`Timeline of frame ranges: ${listing?.segments.length ?? 0} segments, ${gaps} gaps, ${overlaps} overlaps${listing?.database?.replicationIndex ? `, frames 1..${listing.database.replicationIndex} in the database file` : ''}`}
        onClick={onClick}
        style={{ height: HEIGHT }}
      />
      <p className="legend">
        <span className="swatch bar" /> segment <span className="swatch gap" /> gap ({gaps}) <span className="swatch overlap" /> overlap ({overlaps})
        {listing?.database?.replicationIndex ? (
          <>
            {' '}
            <span className="swatch database" /> database file (to frame {listing.database.replicationIndex.toString()})
          </>
        ) : null}
      </p>
    </section>
  );
}
