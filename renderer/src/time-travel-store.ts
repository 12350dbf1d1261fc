import { create } from 'zustand';
import { changesSlice } from './changes-slice.js';
import { pointsSlice } from './points-slice.js';
import { querySlice } from './query-slice.js';
import type { TimeTravelState } from './time-travel-contract.js';
import { turns } from './time-travel-turns.js';

/** The Query and Changes regions' state, made of its slices: restore points, a query's rows, two points' changes. */
export const useTimeTravel = create<TimeTravelState>()((set, get, store) => {
  const shared = turns();
  return {
    ...pointsSlice(shared, set, get, store),
    ...querySlice(shared, set, get, store),
    ...changesSlice(shared, set, get, store),
    allowGaps: false,
    setAllowGaps: (allowGaps) => set({ allowGaps }),
    reset: () => {
      shared.leave();
      // The server ends the query or diff left behind too: its answer is dropped, its work would
      // keep a core busy until its time limit.
      if (get().running || get().comparing) void shared.stop();
      set({
        loaded: false,
        reading: false,
        typedEarly: {},
        refused: {},
        running: false,
        comparing: false,
        points: [],
        unreadable: [],
        gap: null,
        tables: [],
        result: null,
        changes: null,
        error: null,
        changesError: null,
      });
    },
    async cancel() {
      const still = await shared.cancel();
      // What was running is not shown running any more, whatever the server answers later; a query
      // or diff started since the cancel was sent is.
      set({ ...(still.query ? { running: false } : {}), ...(still.diff ? { comparing: false } : {}) });
    },
  };
});
