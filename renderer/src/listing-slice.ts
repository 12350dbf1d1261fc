import type { PublicSettings } from '../../core/model/settings.js';
import { call } from './bridge.js';
import { listingReads } from './listing-reads.js';
import { readPointsIfShown } from './screen-slice.js';
import type { ListingSlice, SelectionSlice, Slice, Store } from './store-contract.js';
import { guardWith } from './store-guard.js';
import { useTimeTravel } from './time-travel-store.js';

/** Nothing of the namespace left behind chosen: no segment in Details, none ticked for a comparison. */
const NO_SELECTION: Pick<SelectionSlice, 'selected' | 'detail' | 'page' | 'forComparison' | 'comparison'> = {
  selected: null,
  detail: null,
  page: null,
  forComparison: [],
  comparison: null,
};

export const listingSlice: Slice<ListingSlice> = (set, get) => {
  const guard = guardWith(set);
  const reads = listingReads(set);
  /** Another namespace is open: its points replace the old one's, read at once where a tab shows them. */
  const namespaceChanged = () => {
    useTimeTravel.getState().reset();
    readPointsIfShown(get().tab);
  };
  // A query or diff that fetched remote-only segments into this disk's cache changed their rows:
  // the listing is read again, as after a Fetch by frame from the remote.
  useTimeTravel.subscribe((now, before) => {
    const fetched =
      (now.result !== before.result && now.result?.fetched) || (now.changes !== before.changes && now.changes?.fetched);
    if (fetched) void get().refresh();
  });
  /** Shows the namespace the server has opened: its settings (with `cleared`), points and rows. */
  const show = async (settings: PublicSettings, cleared: Partial<Store> = {}) => {
    set({ ...cleared, settings });
    namespaceChanged();
    await reads.readWithNamespaces();
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
        // The points are reset before the rows are read, as for any namespace shown: a Query tab
        // opened once the rows are in keeps what it read and ran when Sources' namespaces come.
        if (settings.dir === null) set({ settings });
        else await show(settings);
      }),
    open: (dir) =>
      guard(async () => {
        set({ loading: true, error: null });
        const settings = await call('openDirectory', { dir });
        const left = { dialog: null, storeOutcome: null, fetchOutcome: null, namespaces: null };
        await show(settings, { ...NO_SELECTION, ...left });
      }),
    refresh: () => guard(reads.reload),
    selectNamespace: (namespace) =>
      guard(async () => {
        // The namespace left's rows are not shown under the new one's name while its own are read:
        // a row picked from them would be a file the new namespace does not have.
        set({ ...NO_SELECTION, listing: null, firstRows: null, readError: null });
        await show(await call('selectNamespace', { namespace }));
      }),
    saveRemote: (remote) =>
      guard(async () => {
        set({ settings: await call('setRemote', remote), dialog: null });
      }),
    clearError: () => set({ error: null }),
  };
};
