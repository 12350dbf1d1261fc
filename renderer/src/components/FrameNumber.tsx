import { frameText } from '../format.js';
import { Breakable } from './Breakable.js';

/**
 * A frame number in full, in digit groups. Where a narrow pane cannot hold all twenty digits on
 * one line it breaks after a group's comma, never inside a group, so no digit is hidden or split.
 */
export function FrameNumber({ value }: { value: bigint | number }) {
  return (
    <span className="frame-number">
      <Breakable text={frameText(value)} at={/(?<=,)/} />
    </span>
  );
}
