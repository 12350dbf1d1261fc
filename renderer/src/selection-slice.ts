import { call } from './bridge.js';
import type { SelectionSlice, Slice } from './store-contract.js';
import { fetchedFirst } from './segment-row.js';
import { guardWith } from './store-guard.js';
import { shownSegments } from './visible-segments.js';

export const selectionSlice: Slice<SelectionSlice> = (set, get) => {
  const guard = guardWith(set);
  return {
    selected: null,
    detail: null,
    page: null,
    forComparison: [],
    comparison: null,
    reveal: null,

    select: (file) =>
      guard(async () => {
        set({ selected: file, detail: null, page: null });
        if (!file) return;
        // A segment only the remote holds is fetched into this disk's cache first: one click.
        const row = shownSegments(get()).find((s) => s.file === file);
        if (row && fetchedFirst(row)) set({ listing: await call('fetchToCache', { frameNo: row.startFrameNo }) });
        const detail = await call('inspect', { file, frames: true });
        // An answer come after another row was selected is that row's no more: Details shows the one selected.
        if (get().selected === file) set({ detail });
      }),
    showPage: (pageNo) =>
      guard(async () => {
        const file = get().selected;
        if (!file) return;
        const page = await call('readPage', { file, pageNo });
        if (get().selected === file) set({ page });
      }),
    toggleComparison: (file) => {
      const current = get().forComparison;
      const next = current.includes(file) ? current.filter((f) => f !== file) : [...current, file].slice(-2);
      set({ forComparison: next, comparison: null });
    },
    compare: () =>
      guard(async () => {
        const [a, b] = get().forComparison;
        if (!a || !b) return;
        const comparison = await call('compare', { a, b });
        // Rows marked since make another pair: this answer is not theirs.
        const [nowA, nowB] = get().forComparison;
        if (nowA === a && nowB === b) set({ comparison });
      }),
    closeComparison: () => set({ comparison: null }),
    revealSegment: (file) => {
      set({ reveal: { file, seq: (get().reveal?.seq ?? 0) + 1 } });
      void get().select(file);
    },
  };
};
