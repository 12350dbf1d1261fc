import type { FetchedSegments } from '../model/results.js';
import { listPoints } from '../restore/points.js';
import { restoreDatabase } from '../restore/restore.js';
import { limitsWith } from '../timetravel/query-limits.js';
import { diffPoints, sqlAt } from '../timetravel/time-travel.js';
import type { SegscopeApi } from './api-contract.js';
import type { ApiSession } from './api-session.js';
import type { NamespaceTarget } from './workspace.js';

export type TimeTravelMethods = Pick<
  SegscopeApi,
  'points' | 'sql' | 'diff' | 'restore' | 'cancelQuery' | 'cancelRestore'
>;

/** The namespace's database at a point: its points, a query or a diff there, a restore to it. */
export function timeTravelMethods(session: ApiSession): TimeTravelMethods {
  const { points, queries } = session;
  /**
   * Where a query or diff stands: the databases kept for points, keyed by the namespace's folder and
   * id; and `said`, which adds to the call's result how many remote segments building them fetched.
   */
  const pointsOf = async ({ workspace, name, id }: NamespaceTarget) => {
    let fetched = 0;
    const source = await workspace.restoreSource(name, () => fetched++);
    const said = <T extends object>(result: T): T & FetchedSegments => ({
      ...result,
      ...(fetched > 0 ? { fetched } : {}),
    });
    return { at: { points, sourceId: `${workspace.layout.root}\0${id}`, source, worker: queries }, said };
  };

  return {
    async points() {
      const { workspace, name } = await session.target();
      return listPoints(await workspace.restoreSource(name));
    },
    async sql({ query, atFrameNo, generation, atTime, atWalFrame, allowGaps, limit, timeoutSeconds }) {
      const on = await session.target();
      const limits = limitsWith(timeoutSeconds ?? session.settings.queryTimeoutSeconds);
      const { at, said } = await pointsOf(on);
      const result = await session.cancellable('query', (signal) =>
        session.withProgress((onProgress) =>
          sqlAt({ ...at, onProgress }, { atFrameNo, generation, atTime, atWalFrame, allowGaps, signal }, query, {
            limit,
            limits,
          }),
        ),
      );
      return said(result);
    },
    async diff({ from, to, limit, timeoutSeconds }) {
      const { at, said } = await pointsOf(await session.target());
      const { timeoutMs } = limitsWith(timeoutSeconds ?? session.settings.queryTimeoutSeconds);
      const timeout = { ms: timeoutMs, flag: 'a longer time limit (timeoutSeconds)' };
      const result = await session.cancellable('query', (signal) =>
        session.withProgress((onProgress) =>
          diffPoints({ ...at, onProgress }, { ...from, signal }, { ...to, signal }, { limit: limit ?? 100, timeout }),
        ),
      );
      return said(result);
    },
    async restore({ out, untilFrameNo, generation, untilTime, untilWalFrame, allowGaps }) {
      const { workspace, name } = await session.target();
      const source = await workspace.restoreSource(name);
      return session.cancellable('restore', (signal) =>
        session.withProgress((onProgress) =>
          restoreDatabase(source, {
            out,
            untilFrameNo,
            generation,
            untilTime,
            untilWalFrame,
            allowGaps: allowGaps ?? false,
            onProgress,
            signal,
          }),
        ),
      );
    },
    async cancelQuery() {
      session.cancel('query');
      await queries.cancel();
      return { cancelled: true };
    },
    async cancelRestore() {
      return session.cancel('restore');
    },
  };
}
