/**
 * What a listing says of a SQLite WAL file's frames after its last commit (the command's text, the
 * screen's Status): its range ends at that commit, and these frames are left out as SQLite leaves them.
 */
export function uncommittedTail(frames: number | undefined): string {
  if (!frames) return '';
  const count = frames === 1 ? '1 uncommitted frame' : `${frames.toLocaleString('en-US')} uncommitted frames`;
  return `${count} ignored`;
}
