import { call } from './bridge.js';
import { pointInput } from './point-input.js';
import type { QuerySlice, TimeTravelSlice } from './time-travel-contract.js';

const TABLE_NAMES = "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name";

export const querySlice: TimeTravelSlice<QuerySlice> = (turns, set, get) => ({
  tables: [],
  result: null,
  running: false,
  error: null,
  async run(sql) {
    // The point typed was refused: Run stands nowhere else, and the refusal stays shown.
    if (get().refused.at !== undefined) return;
    set({ running: true, error: null });
    await turns.start(
      'query',
      async (current) => {
        // Run before the points were read (Ctrl+Enter as the tab opens), the query waits for them.
        await get().ensureLoaded();
        const point = get().refused.at === undefined ? get().points[get().at] : undefined;
        if (!current() || point === undefined) {
          // No point to stand on: the reason, where there is one (the points' own error, or the
          // refusal of a point typed before they were in), is shown.
          if (current()) set({ running: false });
          return;
        }
        const at = pointInput(point, get().allowGaps);
        const result = await call('sql', { query: sql, ...at });
        if (!current()) return;
        set({ result, running: false });
        // The database at that point is built now: its table names come at no cost. A cancel sent
        // while the rows were on their way would end this call too: it waits for it, as the query did.
        await turns.stopped();
        if (!current()) return;
        const names = await call('sql', { query: TABLE_NAMES, ...at });
        if (current()) set({ tables: names.rows.flatMap(([name]) => (typeof name === 'string' ? [name] : [])) });
      },
      // The last results stay on screen under the error, which says what failed.
      (error) => set({ error, running: false }),
    );
  },
});
