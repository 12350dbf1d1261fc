import { describe, expect, it } from 'vitest';
import { claimInLanes } from '../../../core/inspect/claim-lanes.js';

describe('claimInLanes', () => {
  it('handles every index it claims once, two at a time, and none another claimer took', async () => {
    const claims = new Int32Array(new SharedArrayBuffer(4));
    const handled: number[] = [];
    const takenElsewhere: number[] = [];
    let running = 0;
    let most = 0;
    await claimInLanes(claims, 20, async (index) => {
      running++;
      most = Math.max(most, running);
      handled.push(index);
      // Another thread claims from the same counter now and then.
      if (index % 5 === 0) takenElsewhere.push(Atomics.add(claims, 0, 1));
      await new Promise((resolve) => setTimeout(resolve, index % 3));
      running--;
    });
    expect(most).toBe(2);
    expect(new Set(handled).size).toBe(handled.length);
    expect(handled.filter((i) => takenElsewhere.includes(i))).toEqual([]);
    const all = [...handled, ...takenElsewhere.filter((i) => i < 20)].sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });

  it('fails with the first failure', async () => {
    const claims = new Int32Array(new SharedArrayBuffer(4));
    await expect(
      claimInLanes(claims, 6, async (index) => {
        if (index === 3) throw new Error('file 3 failed');
      }),
    ).rejects.toThrow('file 3 failed');
  });
});
