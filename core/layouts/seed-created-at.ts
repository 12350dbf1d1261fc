/** A seed key's seconds since the epoch; a value past what a Date holds stays a plain number string. */
export function createdAtFromSeconds(seconds: bigint): number | string {
  const ms = Number(seconds) * 1000;
  return Math.abs(ms) <= 8.64e15 ? ms : seconds.toString();
}

/** The same as a listing shows it: an ISO time, or the number string a Date cannot hold. */
export function isoFromSeconds(seconds: bigint): string {
  const created = createdAtFromSeconds(seconds);
  return typeof created === 'number' ? new Date(created).toISOString() : created;
}
