/**
 * How fast a body must move once it has begun: `graceMs` whatever its pace, then on average at
 * least `bytesPerSecond` of what actually moved (never of what was declared), and never `idleMs`
 * without a byte.
 */
export interface TransferPace {
  graceMs: number;
  bytesPerSecond: number;
  idleMs: number;
}

/** How often a pace is checked: an interval, so no timer is ever given a length a sender could inflate. */
const CHECK_MS = 250;

/** The pace in words, for the message that ends a transfer which fell behind it. */
export function describePace(pace: TransferPace): string {
  const rate = Number.isFinite(pace.bytesPerSecond)
    ? `, then at least ${pace.bytesPerSecond / 2 ** 20} MiB a second`
    : '';
  return `${pace.graceMs / 1000} s${rate}, and never ${pace.idleMs / 1000} s without a byte`;
}

/**
 * Watches a transfer whose bytes moved so far `moved` counts, and calls `late` once when it falls
 * behind `pace`. Returns what ends the watch.
 */
export function watchPace(pace: TransferPace, moved: () => number, late: () => void): () => void {
  const startedAt = Date.now();
  let bytes = moved();
  let movedAt = startedAt;
  const timer = setInterval(() => {
    const now = Date.now();
    const total = moved();
    if (total !== bytes) [bytes, movedAt] = [total, now];
    const allowedMs = pace.graceMs + (total / pace.bytesPerSecond) * 1000;
    if (now - movedAt >= pace.idleMs || now - startedAt > allowedMs) {
      clearInterval(timer);
      late();
    }
  }, CHECK_MS);
  return () => clearInterval(timer);
}
