import { Fragment } from 'react';

/** After a path's slash, a name's hyphen or underscore: where a file name or a directory may wrap. */
export const NAME_BREAKS = /(?<=[/_-])/;

/** Between a camelCase field name's words: `lastCommitted` `FrameNo`. */
export const FIELD_WORDS = /(?<=[a-z])(?=[A-Z])/;

/**
 * Text that wraps where `at` splits it (a path after its slashes, a frame number after a group's
 * comma, a field name between its words) rather than at any character, so a narrow pane never
 * cuts a part in two while a better place to break is there.
 */
export function Breakable({ text, at }: { text: string; at: RegExp }) {
  return (
    <>
      {text.split(at).map((part, i) => (
        <Fragment key={i}>
          {i > 0 && <wbr />}
          {part}
        </Fragment>
      ))}
    </>
  );
}
