import { describeError } from './format.js';
import type { Slice } from './store-contract.js';

/** An action runner that shows its action's error (code and sentence) instead of losing it. */
export const guardWith =
  (set: Parameters<Slice<unknown>>[0]) =>
  async (fn: () => Promise<void>): Promise<void> => {
    try {
      await fn();
    } catch (error) {
      set({ error: describeError(error), loading: false });
    }
  };
