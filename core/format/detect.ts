import type { SegmentFormat } from '../api/types.js';
import { looksSealed } from './sealed-segment.js';
import { hasV1Magic } from './segment-v1.js';

/** How many leading bytes detection and quick status need (the largest header, v1's). */
export const HEAD_SIZE = 56;

/**
 * Recognises a file by content, not by name. v1 has a magic number; a sealed header has a
 * checksum over its first 36 bytes that a v0 file can never match once it holds a frame (the
 * bytes it would compare hold the first page number, which makes the value at least 2^32).
 * Everything else that is not empty is read as v0, which has no magic.
 */
export function detectFormat(head: Uint8Array, size: bigint): SegmentFormat {
  if (size === 0n) return 'unknown';
  if (hasV1Magic(head)) return 'compacted-v1';
  if (looksSealed(head)) return 'sealed';
  return 'compacted-v0';
}
