import { viewOf } from './frame.js';
import { uuidFromLeBytes } from './uuid.js';

/**
 * A replica's `client_wal_index`: the primary's log id (reversed UUID bytes) and the primary
 * frame number of the last commit it applied, little-endian, then 8 bytes of padding. A file
 * shorter than 32 bytes means not initialised yet.
 */
export const CLIENT_WAL_INDEX_SIZE = 32;
const NONE_YET = (1n << 64n) - 1n;

export interface ClientWalIndex {
  logId: string;
  /** null: u64::MAX, no commit applied yet. */
  committedFrameNo: bigint | null;
}

/** null when the file is too short to be initialised. */
export function decodeClientWalIndex(bytes: Uint8Array): ClientWalIndex | null {
  if (bytes.length < CLIENT_WAL_INDEX_SIZE) return null;
  const committed = viewOf(bytes).getBigUint64(16, true);
  return { logId: uuidFromLeBytes(bytes.subarray(0, 16)), committedFrameNo: committed === NONE_YET ? null : committed };
}
