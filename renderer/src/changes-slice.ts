import { call } from './bridge.js';
import { pointInput } from './point-input.js';
import type { ChangesSlice, TimeTravelSlice } from './time-travel-contract.js';

/** Changed rows a table shows at the most (the counts are whole). */
const ROWS_SHOWN = 200;

export const changesSlice: TimeTravelSlice<ChangesSlice> = (turns, set, get) => ({
  changes: null,
  comparing: false,
  changesError: null,
  async compare() {
    const { points, from, to, allowGaps, refused } = get();
    // A point typed into either picker was refused: nothing is compared in its place.
    if (refused.from !== undefined || refused.to !== undefined) return;
    set({ comparing: true, changesError: null });
    await turns.start(
      'diff',
      async (current) => {
        const request = {
          from: pointInput(points[from], allowGaps),
          to: pointInput(points[to], allowGaps),
          limit: ROWS_SHOWN,
        };
        const changes = await call('diff', request);
        if (current()) set({ changes, comparing: false });
      },
      (changesError) => set({ changesError, comparing: false, changes: null }),
    );
  },
  async compareSegmentEnds(a, b) {
    const current = turns.latest();
    await get().ensureLoaded();
    // The two rows were chosen in the namespace open then: another one's points do not hold them.
    if (!current()) return;
    const [older, newer] = a < b ? [a, b] : [b, a];
    get().snapTo('from', String(older));
    get().snapTo('to', String(newer));
    if (!get().changesError) await get().compare();
  },
});
