import { Fragment } from 'react';
import { frameText } from '../format.js';

/**
 * A frame number in full, in digit groups. Where a narrow pane cannot hold all twenty digits on
 * one line it breaks after a group's comma, never inside a group, so no digit is hidden or split.
 */
export function FrameNumber({ value }: { value: bigint | number }) {
  const groups = frameText(value).split(',');
  return (
    <span className="frame-number">
      {groups.map((group, i) => (
        <Fragment key={i}>
          {i > 0 && (
            <>
              ,<wbr />
            </>
          )}
          {group}
        </Fragment>
      ))}
    </span>
  );
}
