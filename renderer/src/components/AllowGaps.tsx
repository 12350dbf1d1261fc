import { useStore } from '../store.js';
import { useTimeTravel } from '../time-travel-store.js';

/**
 * The command line's --allow-gaps as a control: offered where the namespace has missing frames
 * or a point was refused for them (CHAIN_GAP), so a query or a diff can rebuild across them.
 */
export function AllowGaps({ refused }: { refused: boolean }) {
  const gaps = useStore((s) => s.listing?.gaps.length ?? 0);
  const allowGaps = useTimeTravel((s) => s.allowGaps);
  const setAllowGaps = useTimeTravel((s) => s.setAllowGaps);
  if (gaps === 0 && !refused && !allowGaps) return null;
  return (
    <label className="allow-gaps">
      <input type="checkbox" checked={allowGaps} onChange={(e) => setAllowGaps(e.target.checked)} />
      Allow gaps (rebuild across missing frames, as --allow-gaps does; the rows may then differ from what the database
      held)
    </label>
  );
}
