import { useTimeTravel } from '../time-travel-store.js';

/**
 * The command line's --allow-gaps as a control: offered where a point was refused for missing
 * frames (CHAIN_GAP: the files changed since the points were read), so a query or a diff can rebuild
 * up to them. The points offered stop before the first gap, so a namespace's gaps alone need none.
 */
export function AllowGaps({ refused }: { refused: boolean }) {
  const allowGaps = useTimeTravel((s) => s.allowGaps);
  const setAllowGaps = useTimeTravel((s) => s.setAllowGaps);
  if (!refused && !allowGaps) return null;
  return (
    <label className="allow-gaps">
      <input type="checkbox" checked={allowGaps} onChange={(e) => setAllowGaps(e.target.checked)} />
      Allow gaps (rebuild across missing frames, as --allow-gaps does; the rows may then differ from what the database
      held)
    </label>
  );
}
