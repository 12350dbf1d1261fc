import { create } from 'zustand';
import { intakeSlice } from './intake-slice.js';
import { listingSlice } from './listing-slice.js';
import { screenSlice } from './screen-slice.js';
import { selectionSlice } from './selection-slice.js';
import type { Store } from './store-contract.js';
import { tableViewSlice } from './table-view-slice.js';

/** The screen's one store, made of its slices: each holds a part of the state and the actions on it. */
export const useStore = create<Store>()((...a) => ({
  ...listingSlice(...a),
  ...selectionSlice(...a),
  ...tableViewSlice(...a),
  ...intakeSlice(...a),
  ...screenSlice(...a),
}));
