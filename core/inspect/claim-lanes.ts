import { setImmediate as yieldToEventLoop } from 'node:timers/promises';

/**
 * Files handled at a time on each thread: while one file's open, probe and first read wait on the
 * disk's thread, the other's checksums run. Two lanes beat one; three or four were no better and
 * often worse (more chunk buffers than the cache of spare chunks holds).
 */
const LANES = 2;

/**
 * How long a thread works through files before its event loop gets a turn. A small file is read
 * with synchronous calls (storage/local-file.ts, useSmallFile), so a run of them never waits on
 * anything: without turns, the app's server, a Cancel and the second thread's replies would wait
 * for the whole verify. A turn costs microseconds; this keeps them to a few a second's hundredth.
 */
const TURN_MS = 10;

/**
 * Runs `each` for every index below `count` claimed from the shared counter `claims`, two at a
 * time; another thread claiming from the same counter takes the indexes this one does not.
 */
export async function claimInLanes(
  claims: Int32Array,
  count: number,
  each: (index: number) => Promise<void>,
): Promise<void> {
  let turned = performance.now();
  const lane = async () => {
    for (let index = Atomics.add(claims, 0, 1); index < count; index = Atomics.add(claims, 0, 1)) {
      await each(index);
      if (performance.now() - turned >= TURN_MS) {
        await yieldToEventLoop();
        turned = performance.now();
      }
    }
  };
  await Promise.all(Array.from({ length: LANES }, lane));
}
