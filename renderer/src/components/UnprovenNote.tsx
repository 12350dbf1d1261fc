import { unprovenNote } from '../../../core/model/unproven-note.js';

/** Under a result, how many pages of the database it stands on no checksum covers; nothing where none. */
export function UnprovenNote({ pages, of }: { pages: number | undefined; of: string }) {
  const note = unprovenNote(pages, of);
  return note ? (
    <p role="note" className="unproven-note">
      {note}
    </p>
  ) : null;
}
