import { open } from 'node:fs/promises';
import type { SegmentStatus } from '../api/types.js';
import { HEAD_SIZE, detectFormat } from '../format/detect.js';
import type { SegmentKey } from '../format/segment-key.js';
import { V0_HEADER_SIZE, decodeV0Header, v0ExpectedSize } from '../format/segment-v0.js';

/**
 * A segment's status from its header and size alone, for listings of 100,000 entries where a
 * full verify of each would take minutes. Checksums and frame invariants are `verify`'s job.
 */
export function statusFromHead(head: Uint8Array, size: bigint, key: SegmentKey | null): SegmentStatus {
  if (detectFormat(head, size) !== 'compacted-v0') return 'not_a_segment';
  if (size < BigInt(V0_HEADER_SIZE)) return 'truncated';
  const header = decodeV0Header(head);
  if (header.startFrameNo > header.endFrameNo) return 'not_a_segment';
  if (key && (key.startFrameNo !== header.startFrameNo || key.endFrameNo !== header.endFrameNo)) {
    return 'header_mismatch';
  }
  const expected = v0ExpectedSize(header.frameCount);
  if (size < expected) return 'truncated';
  if (size > expected) return 'trailing_data';
  return 'ok';
}

/** Reads the first bytes of a file (fewer when it is shorter). */
export async function readHead(path: string, length = HEAD_SIZE): Promise<Uint8Array> {
  const handle = await open(path, 'r');
  try {
    const buffer = new Uint8Array(length);
    const { bytesRead } = await handle.read(buffer, 0, length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}
