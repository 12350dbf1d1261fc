/**
 * What a refusal of a default-mode namespace's current state (data + data-wal) adds: the log is a
 * history of its own, which that refusal does not touch, and this is where it ends. No option is
 * named: a restore, a query and a diff each ask for a point with their own.
 */
export function logHint(logEnd: bigint): string {
  return `the log is a history of its own: its newest point is frame ${logEnd}`;
}
