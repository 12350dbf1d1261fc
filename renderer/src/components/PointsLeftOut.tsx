import { frameText } from '../format.js';
import { useTimeTravel } from '../time-travel-store.js';

/**
 * The pieces whose restore points could not be read, each by its file and code (and the frame its
 * points stop at, where those before its damage stand), and the frames no segment holds, beside the
 * point pickers: the points offered are not all the namespace had, and an operator must not think so.
 */
export function PointsLeftOut() {
  const unreadable = useTimeTravel((s) => s.unreadable);
  const gap = useTimeTravel((s) => s.gap);
  if (unreadable.length === 0 && !gap) return null;
  return (
    <div role="status" aria-label="Points left out" className="points-left-out">
      {unreadable.length > 0 && (
        <>
          <p>Not read: the restore points that need these pieces are left out.</p>
          <ul>
            {unreadable.map((piece) => (
              <li key={piece.file}>
                <code>{piece.code}</code> {/* The message names the file itself where the reader put it first. */}
                {piece.message.startsWith(`${piece.file}:`) ? piece.message : `${piece.file}: ${piece.message}`}
                {/* A log damaged inside a transaction: its commits before it are offered. */}
                {piece.fromFrameNo !== undefined &&
                  ` (its points from frame ${frameText(piece.fromFrameNo)}` +
                    `${piece.generation !== undefined ? ` of generation ${piece.generation}` : ''} on)`}
                {/* A damaged data-wal counts by SQLite's own frame index, as its wal:N points do. */}
                {piece.fromWalFrame !== undefined && ` (its points from wal:${piece.fromWalFrame} on)`}
                {/* A misnamed piece whose frames other pieces hold: nothing is left out for it. */}
                {piece.shadowed && ' (no point stands on it: the pieces that hold its frames are offered)'}
              </li>
            ))}
          </ul>
        </>
      )}
      {gap && (
        <p>
          <code>CHAIN_GAP</code> Frames {frameText(gap.fromFrameNo)}..{frameText(gap.toFrameNo)} are in no segment: the
          restore points from frame {frameText(gap.fromFrameNo)} on are left out.
        </p>
      )}
    </div>
  );
}
