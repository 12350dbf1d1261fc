import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { chainHolds } from '../../../core/format/crc32-chain.js';
import { FRAME_SIZE } from '../../../core/format/frame.js';

/** `slots` chained slots of `frameSize` random bytes each, seeded with `previous`. */
function chainedRun(slots: number, frameSize: number, previous: number, seed: number): Uint8Array {
  const run = new Uint8Array(slots * (4 + frameSize));
  const view = new DataView(run.buffer);
  let x = seed;
  let chain = previous;
  for (let i = 0; i < slots; i++) {
    const at = i * (4 + frameSize);
    for (let b = 0; b < frameSize; b++) {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      run[at + 4 + b] = x >>> 24;
    }
    chain = crc32(run.subarray(at + 4, at + 4 + frameSize), chain);
    view.setUint32(at, chain, true);
  }
  return run;
}

/** The definition, one slot at a time. */
function holdsSlotBySlot(run: Uint8Array, frameSize: number, previous: number): boolean {
  const view = new DataView(run.buffer, run.byteOffset, run.byteLength);
  let chain = previous;
  for (let at = 0; at < run.length; at += 4 + frameSize) {
    const stored = view.getUint32(at, true);
    if (crc32(run.subarray(at + 4, at + 4 + frameSize), chain) !== stored) return false;
    chain = stored;
  }
  return true;
}

describe('chainHolds (one CRC pass over a run of chained slots)', () => {
  for (const frameSize of [FRAME_SIZE, 20, 1, 4096 + 24]) {
    it(`agrees with the slot-by-slot definition for ${frameSize}-byte frames, intact and damaged`, () => {
      for (let seed = 1; seed <= 6; seed++) {
        const previous = (seed * 0x9e3779b9) >>> 0;
        const run = chainedRun(2 + seed, frameSize, previous, seed);
        expect(chainHolds(run, frameSize, previous)).toBe(true);
        expect(chainHolds(run, frameSize, (previous ^ 1) >>> 0)).toBe(false);
        // A flipped bit anywhere (a checksum or a frame's byte) breaks it, as the definition says.
        for (const at of [0, 5, run.length - 1, Math.floor(run.length / 2)]) {
          const damaged = run.slice();
          damaged[at] = (damaged[at] ?? 0) ^ (1 << (seed % 8));
          expect(chainHolds(damaged, frameSize, previous)).toBe(holdsSlotBySlot(damaged, frameSize, previous));
          expect(chainHolds(damaged, frameSize, previous)).toBe(false);
        }
      }
    });
  }
});
