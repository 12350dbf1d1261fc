import type { ScreenSlice, Slice, Tab } from './store-contract.js';
import { useTimeTravel } from './time-travel-store.js';

/** The Query and Changes tabs read the open namespace's restore points when they show, not before. */
export function readPointsIfShown(tab: Tab): void {
  if (tab !== 'segments') void useTimeTravel.getState().ensureLoaded();
}

export const screenSlice: Slice<ScreenSlice> = (set, get) => ({
  progress: {},
  dialog: null,
  tab: 'segments',

  onProgress: (event) => set({ progress: { ...get().progress, [event.id]: event } }),
  setDialog: (dialog) => set({ dialog }),
  setTab: (tab) => {
    set({ tab });
    readPointsIfShown(tab);
  },
});
