import { call } from './bridge.js';
import { describeError } from './format.js';
import type { Slice } from './store-contract.js';
import { useVerify } from './verify-store.js';

/** Rows asked for first when a namespace is read: a few screens of the table. */
const FIRST_ROWS = 200;

/** The reads of the open namespace's listing and of Sources' namespaces, a newer read overtaking an older one. */
export interface ListingReads {
  /**
   * Reads the open namespace with nothing of it on screen, then every namespace for Sources; also
   * when the read is refused (a name two layouts hold, a namespace gone), so Sources offers the
   * choices the error names.
   */
  readWithNamespaces: () => Promise<void>;
  /** Reads the open namespace again, keeping its rows on screen until the new listing replaces them. */
  reload: () => Promise<void>;
}

export function listingReads(set: Parameters<Slice<unknown>>[0]): ListingReads {
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
  return {
    async readWithNamespaces() {
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
    },
    async reload() {
      reads++;
      useVerify.getState().reset();
      set({ loading: true, error: null });
      set({ listing: await call('list', {}), firstRows: null, loading: false, readError: null });
      set({ namespaces: await call('namespaces', {}) });
    },
  };
}
