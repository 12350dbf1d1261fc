import type { Slice, TableViewSlice } from './store-contract.js';

export const tableViewSlice: Slice<TableViewSlice> = (set, get) => ({
  sort: { column: 'startFrameNo', descending: false },
  statusFilter: 'all',
  frameFilter: '',
  span: null,
  tableLeast: 0,

  setSort: (column) => {
    const { sort } = get();
    // Status sorts the worst first on its first click: the rows an operator is looking for.
    const first = column === 'status';
    set({ sort: { column, descending: sort.column === column ? !sort.descending : first } });
  },
  setStatusFilter: (statusFilter) => set({ statusFilter }),
  setFrameFilter: (frameFilter) => set({ frameFilter }),
  setSpan: (span) => set({ span }),
  setTableLeast: (tableLeast) => {
    if (tableLeast !== get().tableLeast) set({ tableLeast });
  },
});
