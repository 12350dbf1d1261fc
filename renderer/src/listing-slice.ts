import { call } from './bridge.js';
import { describeError } from './format.js';
import { readPointsIfShown } from './screen-slice.js';
import type { ListingSlice, Slice } from './store-contract.js';
import { guardWith } from './store-guard.js';
import { useTimeTravel } from './time-travel-store.js';
import { useVerify } from './verify-store.js';

/** Rows asked for first when a namespace is read: a few screens of the table. */
const FIRST_ROWS = 200;

export const listingSlice: Slice<ListingSlice> = (set, get) => {
  const guard = guardWith(set);
  // Each read of a namespace is numbered, so one that was overtaken (another directory or
  // namespace chosen meanwhile) does not replace the newer one's rows when it ends.
  let reads = 0;
  /**
   * Reads the open namespace with nothing of it on screen: its first rows as soon as the server
   * has read them, then the whole listing (a namespace of 100,000 segments takes a second or two).
   */
  const read = async () => {
    const mine = ++reads;
    useVerify.getState().reset();
    set({ loading: true, error: null, readError: null, listing: null, firstRows: null, span: null });
    try {
      const first = await call('listFirst', { rows: FIRST_ROWS });
      if (mine !== reads) return;
      if (!first.complete) set({ firstRows: first });
      const listing = await call('list', {});
      if (mine === reads) set({ listing, firstRows: null, loading: false });
    } catch (error) {
      // A listing that failed half-way is not left on screen as if the rest were coming.
      if (mine === reads) set({ firstRows: null, readError: describeError(error) });
      throw error;
    }
  };
  /**
   * Reads the open namespace, then every namespace for Sources; also when the read is refused (a
   * name two layouts hold, a namespace gone), so Sources offers the choices the error names.
   */
  const readWithNamespaces = async () => {
    try {
      await read();
    } catch (error) {
      await call('namespaces', {}).then(
        (namespaces) => set({ namespaces }),
        () => undefined,
      );
      throw error;
    }
    set({ namespaces: await call('namespaces', {}) });
  };
  /** Another namespace is open: its points replace the old one's, read at once where a tab shows them. */
  const namespaceChanged = () => {
    useTimeTravel.getState().reset();
    readPointsIfShown(get().tab);
  };
  return {
    settings: null,
    listing: null,
    firstRows: null,
    namespaces: null,
    loading: false,
    error: null,
    readError: null,

    init: () =>
      guard(async () => {
        const settings = await call('getSettings', {});
        set({ settings });
        if (settings.dir !== null) {
          await readWithNamespaces();
          namespaceChanged();
        }
      }),
    open: (dir) =>
      guard(async () => {
        set({ loading: true, error: null });
        const settings = await call('openDirectory', { dir });
        set({
          settings,
          selected: null,
          detail: null,
          page: null,
          forComparison: [],
          comparison: null,
          dialog: null,
          storeOutcome: null,
          fetchOutcome: null,
          namespaces: null,
        });
        namespaceChanged();
        await readWithNamespaces();
      }),
    // Reload keeps the rows on screen until the new listing replaces them.
    refresh: () =>
      guard(async () => {
        reads++;
        useVerify.getState().reset();
        set({ loading: true, error: null });
        set({ listing: await call('list', {}), firstRows: null, loading: false, readError: null });
        set({ namespaces: await call('namespaces', {}) });
      }),
    selectNamespace: (namespace) =>
      guard(async () => {
        set({ selected: null, detail: null, page: null, forComparison: [], comparison: null });
        set({ settings: await call('selectNamespace', { namespace }) });
        namespaceChanged();
        await readWithNamespaces();
      }),
    saveRemote: (remote) =>
      guard(async () => {
        set({ settings: await call('setRemote', remote), dialog: null });
      }),
    clearError: () => set({ error: null }),
  };
};
