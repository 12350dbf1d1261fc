import { decodeHeader, field, headerTable } from './header-fields.js';

/**
 * A replica's `client_wal_index`: the primary's log id (reversed UUID bytes) and the primary
 * frame number of the last commit it applied, little-endian, then 8 bytes of padding. A file
 * shorter than 32 bytes means not initialised yet.
 */
export const CLIENT_WAL_INDEX_SIZE = 32;
const CLIENT_WAL_INDEX = headerTable('a client_wal_index', CLIENT_WAL_INDEX_SIZE, {
  logId: field(0, 'uuid'),
  committedFrameNo: field(16, 'u64'),
});
const NONE_YET = (1n << 64n) - 1n;

export interface ClientWalIndex {
  logId: string;
  /** null: u64::MAX, no commit applied yet. */
  committedFrameNo: bigint | null;
}

/** null when the file is too short to be initialised. */
export function decodeClientWalIndex(bytes: Uint8Array): ClientWalIndex | null {
  if (bytes.length < CLIENT_WAL_INDEX_SIZE) return null;
  const { logId, committedFrameNo } = decodeHeader(CLIENT_WAL_INDEX, bytes);
  return { logId, committedFrameNo: committedFrameNo === NONE_YET ? null : committedFrameNo };
}
