import { useState } from 'react';
import { when } from '../format.js';
import { type PointSlot, useTimeTravel } from '../time-travel-store.js';

/**
 * A restore point chosen on a slider or typed (frame number or ISO time, snapped to the newest
 * point at or before it). A slider rather than a list: a namespace can have 100,000 points, and a
 * list of that many options stalls the page.
 */
export function PointPicker({ name, slot }: { name: string; slot: PointSlot }) {
  const points = useTimeTravel((s) => s.points);
  const loaded = useTimeTravel((s) => s.loaded);
  const index = useTimeTravel((s) => s[slot]);
  const choose = useTimeTravel((s) => s.choose);
  const snapTo = useTimeTravel((s) => s.snapTo);
  const [typed, setTyped] = useState('');
  const point = points[index];
  return (
    <div role="group" aria-label={name} className="point-picker">
      <label>
        {name}
        <input type="range" min={0} max={Math.max(0, points.length - 1)} value={index} disabled={points.length === 0} onChange={(e) => choose(slot, Number(e.target.value))} />
      </label>
      <span aria-label="Chosen point">{point ? `frame ${point.frameNo}${point.time ? ` · ${when(point.time)}` : ''}` : loaded ? 'no restore points' : 'restore points are read when this part is first used'}</span>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          snapTo(slot, typed);
        }}
      >
        <label>
          Frame or time
          <input value={typed} onChange={(e) => setTyped(e.target.value)} placeholder="frame number or ISO time" />
        </label>
      </form>
    </div>
  );
}
