import { useState } from 'react';
import { frameArgument } from '../../../core/model/point-text.js';
import { pointText, when } from '../format.js';
import type { PointSlot } from '../time-travel-contract.js';
import { useTimeTravel } from '../time-travel-store.js';
import { FocusKeptButton } from './FocusKeptButton.js';

/**
 * A restore point, typed (a frame number, `wal:N`, `<generation>:N` or an ISO time, snapped to the
 * newest point at or before it, as the commands' --at-frame reads them) or stepped to the one before or after. No
 * slider: a namespace can have 100,000 points, more than a slider has pixels. What is typed counts
 * once Enter is pressed or the field is left (for Run or Show changes, say); a step writes its point
 * into the field. So the field never shows one point while the picker stands at another, and what
 * names no point leaves the picker at none.
 */
export function PointPicker({ name, slot }: { name: string; slot: PointSlot }) {
  const points = useTimeTravel((s) => s.points);
  const loaded = useTimeTravel((s) => s.loaded);
  const reading = useTimeTravel((s) => s.reading);
  const index = useTimeTravel((s) => s[slot]);
  const choose = useTimeTravel((s) => s.choose);
  const snapTo = useTimeTravel((s) => s.snapTo);
  const refused = useTimeTravel((s) => s.refused[slot]);
  const [typed, setTyped] = useState('');
  // The text last snapped: leaving the field snaps it only when it was changed since.
  const [snapped, setSnapped] = useState('');
  const point = refused === undefined ? points[index] : undefined;
  const chosen =
    refused !== undefined
      ? `none: "${refused}" names no restore point`
      : point
        ? `${pointText(point)}${point.time ? ` · ${when(point.time)}` : ''} ` +
          `(point ${(index + 1).toLocaleString('en-US')} of ${points.length.toLocaleString('en-US')})`
        : reading
          ? 'reading restore points…'
          : loaded
            ? 'no restore points'
            : 'restore points are read when this part is first used';
  const snap = () => {
    setSnapped(typed);
    snapTo(slot, typed);
  };
  const step = (by: number) => {
    const to = Math.max(0, Math.min(points.length - 1, index + by));
    const text = points[to] ? frameArgument(points[to]) : '';
    [setTyped, setSnapped].forEach((write) => write(text));
    choose(slot, to);
  };
  return (
    <div role="group" aria-label={name} className="point-picker">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          snap();
        }}
      >
        <label>
          {name}: frame or time
          <input
            aria-label="Frame or time"
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
            onBlur={() => typed.trim() !== '' && typed !== snapped && snap()}
            placeholder="frame, wal:N, <generation>:N or ISO time"
            className="frame-input"
          />
        </label>
      </form>
      <FocusKeptButton
        className="small"
        disabled={points.length < 2}
        unavailable={index <= 0}
        onClick={() => step(-1)}
        aria-label={`${name}: earlier point`}
      >
        ◀
      </FocusKeptButton>
      <FocusKeptButton
        className="small"
        disabled={points.length < 2}
        unavailable={index >= points.length - 1}
        onClick={() => step(1)}
        aria-label={`${name}: later point`}
      >
        ▶
      </FocusKeptButton>
      <span aria-label="Chosen point" className="chosen-point" title={chosen}>
        {chosen}
      </span>
    </div>
  );
}
