/** The page number an FST key spells (4 big-endian bytes, as pageKey writes it); null for a key of another length. */
export function pageOfKey(key: Uint8Array): number | null {
  if (key.length !== 4) return null;
  return (((key[0] ?? 0) << 24) | ((key[1] ?? 0) << 16) | ((key[2] ?? 0) << 8) | (key[3] ?? 0)) >>> 0;
}
