/**
 * Under a result, a warning about the database it stands on (unprovenNote's pages no checksum
 * covers, logMismatchNote's current state the log disagrees with); nothing where the note is ''.
 */
export function WarningNote({ note }: { note: string }) {
  return note ? (
    <p role="note" className="warning-note">
      {note}
    </p>
  ) : null;
}
