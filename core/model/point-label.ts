/** Where a restore, query or diff stands: the parts of a point that name it. */
export interface PointName {
  frameNo: bigint;
  /** A commit of a default-mode namespace's SQLite WAL file, by SQLite's frame index there. */
  walFrame?: bigint | undefined;
  /** Bottomless: frame numbers restart in each generation, so a frame alone is ambiguous. */
  generation?: string | undefined;
}

/**
 * A point as `points` prints it and `--at-frame`, `--from` and `--to` take it: `wal:N`,
 * `<generation>:N` or `frame N`. `digits` writes the numbers (the screen groups them).
 */
export function pointLabel(point: PointName, digits: (n: bigint) => string = String): string {
  if (point.walFrame !== undefined) return `wal:${digits(point.walFrame)}`;
  const frame = digits(point.frameNo);
  return point.generation !== undefined ? `${point.generation}:${frame}` : `frame ${frame}`;
}
