import type { SegscopeApi } from './api-contract.js';
import type { ApiSession } from './api-session.js';

export type ListingMethods = Pick<SegscopeApi, 'namespaces' | 'list' | 'listFirst' | 'listRemote'>;

/** What the open folder or bucket holds: its namespaces, and a namespace's segments here and in the remote. */
export function listingMethods(session: ApiSession): ListingMethods {
  return {
    async namespaces() {
      return (await session.current()).namespaces();
    },
    async list() {
      const on = await session.target();
      const kept = session.started;
      session.started = null;
      return kept && kept.w === on.workspace && kept.id === on.id ? kept.listing : session.listing(on);
    },
    async listFirst({ rows }) {
      const on = await session.target();
      const named = { namespace: on.name, namespaceId: on.id };
      return new Promise((resolve, reject) => {
        const whole = session.listing(on, {
          rows,
          deliver: (segments, candidates) => resolve({ ...named, segments, candidates, complete: false }),
        });
        session.started = { w: on.workspace, id: on.id, listing: whole };
        // Where the rows' order shows only at the end (loose files, a remote), the first rows come with the rest.
        whole.then(
          (result) =>
            resolve({
              ...named,
              segments: result.segments.slice(0, rows),
              candidates: result.segments.length,
              complete: true,
            }),
          (error: unknown) => {
            // A listing that failed is not handed to the next list, which reads afresh.
            if (session.started?.listing === whole) session.started = null;
            reject(error instanceof Error ? error : new Error(String(error)));
          },
        );
      });
    },
    async listRemote() {
      const { workspace, name } = await session.target();
      await workspace.remote.check();
      return workspace.remote.list(name);
    },
  };
}
