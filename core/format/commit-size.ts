/**
 * Whether a commit that leaves the database at `sizeAfter` pages stands on what came before it:
 * SQLite grows a database only by writing its new pages, so every page up to the size is either
 * held already (`pagesHeld`) or written by the transaction (`highestWritten`, its highest page).
 * A frame's checksums can be recomputed over any size, so only this catches a wrong one, or a base
 * that is not the one the frames were written over.
 */
export function commitSizeHolds(pagesHeld: number, highestWritten: number, sizeAfter: number): boolean {
  return sizeAfter <= Math.max(pagesHeld, highestWritten);
}
