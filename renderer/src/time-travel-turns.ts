import { call } from './bridge.js';
import { type Shown, describeError } from './format.js';

/** The two kinds of work on the server the regions start, each numbered. */
export type Work = 'query' | 'diff';

/** Whether an answer asked for is still wanted, and the cancels sent on the server. */
export interface Turns {
  /**
   * A check, for later, that what is asked for now is still wanted: the namespace open now is still
   * open and, for a query or diff (`work`, numbered here), none of its kind has been started since.
   */
  latest: (work?: Work) => () => boolean;
  /** The namespace on screen is left: every answer asked for under it is dropped when it comes. */
  leave: () => void;
  /** Sends a cancel: the query or diff running on the server ends. */
  stop: () => Promise<void>;
  /** Once the last cancel sent has been answered: work asked for after it waits, or the cancel could end it. */
  stopped: () => Promise<void>;
  /** Cancels, then says which kinds of work started before the cancel are still the latest of their kind. */
  cancel: () => Promise<Record<Work, boolean>>;
  /**
   * Starts a query or diff once the last cancel is answered: `work` gets its check of `latest`, and
   * `failed` the error it threw while it is still wanted.
   */
  start: (
    work: Work,
    asked: (current: () => boolean) => Promise<void>,
    failed: (error: Shown) => void,
  ) => Promise<void>;
}

export function turns(): Turns {
  // Each namespace opened is numbered, so an answer asked for under the one left behind (its
  // points, a query's rows, its changes) is dropped when it comes instead of shown on the new one;
  // and each query and diff started, so an answer to one that is no longer the latest of its kind
  // (a cancelled query's CANCELLED, come after Run was pressed again) is dropped too.
  let opened = 0;
  const started: Record<Work, number> = { query: 0, diff: 0 };
  // The last cancel sent (by Cancel, or by a namespace switch for the work left behind): a query or
  // diff asked for after it waits for its answer, or the cancel could arrive after it and end it instead.
  let stopping: Promise<void> = Promise.resolve();
  const latest = (work?: Work): (() => boolean) => {
    const namespace = opened;
    const number = work === undefined ? 0 : ++started[work];
    return () => namespace === opened && (work === undefined || number === started[work]);
  };
  const stop = (): Promise<void> =>
    (stopping = call('cancelQuery', {}).then(
      () => undefined,
      () => undefined,
    ));
  return {
    latest,
    leave: () => {
      opened++;
    },
    stop,
    stopped: () => stopping,
    async cancel() {
      const cancelled = { ...started };
      await stop();
      return { query: cancelled.query === started.query, diff: cancelled.diff === started.diff };
    },
    async start(work, asked, failed) {
      const current = latest(work);
      try {
        await stopping;
        await asked(current);
      } catch (error) {
        if (current()) failed(describeError(error));
      }
    },
  };
}
