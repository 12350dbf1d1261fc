/**
 * Files handled at a time on each thread: while one file's open, probe and first read wait on the
 * disk's thread, the other's checksums run. Two lanes beat one; three or four were no better and
 * often worse (more chunk buffers than the cache of spare chunks holds).
 */
const LANES = 2;

/**
 * Runs `each` for every index below `count` claimed from the shared counter `claims`, two at a
 * time; another thread claiming from the same counter takes the indexes this one does not.
 */
export async function claimInLanes(
  claims: Int32Array,
  count: number,
  each: (index: number) => Promise<void>,
): Promise<void> {
  const lane = async () => {
    for (let index = Atomics.add(claims, 0, 1); index < count; index = Atomics.add(claims, 0, 1)) await each(index);
  };
  await Promise.all(Array.from({ length: LANES }, lane));
}
