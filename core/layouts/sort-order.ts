/**
 * The order that sorts `keys.length` rows by their keys (a row's start frame as a double, which
 * keeps the order of u64 values except where two round alike), `tie` deciding between rows whose
 * keys are equal; stable. A merge sort over typed arrays: Array.prototype.sort with a comparator
 * boxes its work in the heap, and a listing of 100,000 rows carried that garbage in its old
 * generation to the end (5 MB of the peak of a `list --json`).
 */
export function sortOrder(keys: Float64Array, tie: (a: number, b: number) => number): Uint32Array {
  const n = keys.length;
  let from = new Uint32Array(n);
  let to = new Uint32Array(n);
  for (let i = 0; i < n; i++) from[i] = i;
  for (let width = 1; width < n; width *= 2) {
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(lo + width, n);
      const hi = Math.min(lo + 2 * width, n);
      let i = lo;
      let j = mid;
      let k = lo;
      while (i < mid && j < hi) {
        const a = from[i] as number;
        const b = from[j] as number;
        const ka = keys[a] as number;
        const kb = keys[b] as number;
        if (ka < kb || (ka === kb && tie(a, b) <= 0)) {
          to[k++] = a;
          i++;
        } else {
          to[k++] = b;
          j++;
        }
      }
      while (i < mid) to[k++] = from[i++] as number;
      while (j < hi) to[k++] = from[j++] as number;
    }
    [from, to] = [to, from];
  }
  return from;
}

/**
 * Each u64 as a double, a key for sortOrder. Filled by a loop: Float64Array.from gathers every
 * value of its source first, 100,000 bigints alive at once that then outlive a scavenge.
 */
export function startKeys(starts: BigUint64Array): Float64Array {
  const keys = new Float64Array(starts.length);
  for (let i = 0; i < starts.length; i++) keys[i] = Number(starts[i]);
  return keys;
}

/**
 * Rows `a` and `b` compared as a listing orders them: by start frame, then end frame, then name
 * (SegmentRows.sortedByRange, and the order a listing reads its files in).
 */
export function byRange(
  starts: BigUint64Array,
  ends: BigUint64Array,
  name: (i: number) => string,
): (a: number, b: number) => number {
  return (a, b) => {
    const sa = starts[a] as bigint;
    const sb = starts[b] as bigint;
    if (sa !== sb) return sa < sb ? -1 : 1;
    const ea = ends[a] as bigint;
    const eb = ends[b] as bigint;
    if (ea !== eb) return ea < eb ? -1 : 1;
    const fa = name(a);
    const fb = name(b);
    return fa < fb ? -1 : fa > fb ? 1 : 0;
  };
}
