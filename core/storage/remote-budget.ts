/**
 * How long a remote may keep Segscope waiting with the default settings. The figures add up to
 * the design's promise that no remote call waits more than 60 s in all, retries included: a
 * request gets callDeadlineMs for its answer across every attempt, and a body that has begun
 * gets bodyIdleMs between bytes, so a hung LIST ends within 40 s and a GET whose body stops
 * within 60 s.
 */
export const REMOTE_BUDGET = {
  /** Attempts of one request, the first included (the SDK's backoff between them). */
  maxAttempts: 3,
  /** One attempt's connection. */
  connectTimeoutMs: 5_000,
  /** One attempt, until its answer begins; a LIST page also its whole body. */
  attemptTimeoutMs: 15_000,
  /** Every attempt of one request together: past it the request ends, whatever attempt it is on. */
  callDeadlineMs: 40_000,
  /** A body being read: this long without a byte ends it. */
  bodyIdleMs: 20_000,
  /** A whole body, before the second it gets for each MiB it is expected to hold (bodyDeadlineMs). */
  bodyBaseDeadlineMs: 60_000,
} as const;

/** How long a body of `bytes` may take in all: the base, plus a second for each MiB. */
export function bodyDeadlineMs(bytes: bigint, baseMs: number = REMOTE_BUDGET.bodyBaseDeadlineMs): number {
  return baseMs + Number(bytes >> 20n) * 1000;
}
