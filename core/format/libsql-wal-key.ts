import { SegscopeError } from '../errors.js';
import { U64_MAX } from './segment-key.js';

/**
 * The key of a segment and its index object in a libsql-wal bucket (docs/formats/libsql-wal.md):
 * `{u64::MAX - end_frame_no:020}-{start_frame_no:020}-{timestamp_ms:020}`, so keys sort newest
 * end first and one LIST with StartAfter finds the newest segment ending at or before a frame.
 */
const KEY = /^([0-9]{20})-([0-9]{20})-([0-9]{20})$/;

export interface LibsqlWalKey {
  startFrameNo: bigint;
  endFrameNo: bigint;
  timestampMs: bigint;
}

const pad20 = (value: bigint): string => value.toString().padStart(20, '0');

export function formatLibsqlWalKey(key: LibsqlWalKey): string {
  return `${pad20(U64_MAX - key.endFrameNo)}-${pad20(key.startFrameNo)}-${pad20(key.timestampMs)}`;
}

/** The StartAfter of libsql-wal's `EndFrameNoLessThan(frameNo)` lookup. */
export function endAtOrBeforeMarker(frameNo: bigint): string {
  return pad20(U64_MAX - frameNo);
}

export function parseLibsqlWalKey(name: string): LibsqlWalKey {
  const match = KEY.exec(name);
  const fields = match ? [match[1], match[2], match[3]].map((t) => BigInt(t ?? '')) : [];
  const [inverted, startFrameNo, timestampMs] = fields;
  if (
    inverted === undefined ||
    startFrameNo === undefined ||
    timestampMs === undefined ||
    fields.some((v) => v > U64_MAX)
  ) {
    throw new SegscopeError(
      'INVALID_SEGMENT_NAME',
      `"${name}" is not a libsql-wal segment key (<u64::MAX - end>-<start>-<timestamp ms>, 20 digits each)`,
    );
  }
  const endFrameNo = U64_MAX - inverted;
  if (startFrameNo > endFrameNo) {
    throw new SegscopeError(
      'INVALID_SEGMENT_NAME',
      `"${name}" has its start frame ${startFrameNo} after its end frame ${endFrameNo}`,
    );
  }
  return { startFrameNo, endFrameNo, timestampMs };
}

export function tryParseLibsqlWalKey(name: string): LibsqlWalKey | null {
  if (!KEY.test(name)) return null;
  try {
    return parseLibsqlWalKey(name);
  } catch {
    return null;
  }
}
