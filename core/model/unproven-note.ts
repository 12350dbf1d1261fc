/**
 * The line a restore, query or diff adds (the command's text, and the screen under a query's or a
 * diff's result) where its database stands on pages no checksum covers
 * (a default-mode snapshot's frames whose predecessor sqld dropped): the result is what those
 * frames hold, and the operator is told that nothing could check them. '' where there are none.
 */
export function unprovenNote(unprovenPages: number | undefined, point = 'the database'): string {
  if (!unprovenPages) return '';
  const pages = unprovenPages === 1 ? '1 page' : `${unprovenPages.toLocaleString('en-US')} pages`;
  return (
    `warning UNPROVEN_FRAMES: ${pages} of ${point} come from snapshot frames no checksum covers (the frame ` +
    `before each in the log was dropped when sqld compacted it), so damage to them could not be seen; ` +
    `verify names the snapshots`
  );
}
