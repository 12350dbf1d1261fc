/** A recorded time (ms since the epoch) as ISO text; null where no Date holds it (msInDateRange). */
export function isoFromMs(ms: bigint): string | null {
  const time = msInDateRange(ms);
  return time === null ? null : new Date(time).toISOString();
}

/** A recorded time as a number a Date holds; null for 0 (nothing recorded) and what no Date holds. */
export function msInDateRange(ms: bigint): number | null {
  return ms <= 0n || ms > 8_640_000_000_000_000n ? null : Number(ms);
}
