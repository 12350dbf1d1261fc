import { PAGE_SIZE } from './frame.js';
import { hex32 } from './hex32.js';
import type { ProblemLog } from './problem.js';
import {
  LIBSQL_MAGIC,
  SEALED_FLAG_FRAME_UNORDERED,
  SEALED_FLAG_SEALED,
  SEALED_HEADER_SIZE,
  SLOT_SIZE,
  type SealedHeader,
  sealedHeaderChecksum,
} from './sealed-segment.js';

/** An index larger than this is not one libsql-wal wrote (a 2^32-page database needs ~20 MiB). */
const MAX_INDEX_BYTES = 64 << 20;

/** What a checked header says of the file past it. */
export interface SealedLayout {
  /** Bad magic or page size: nothing past the header can be read by it. */
  unreadable: boolean;
  sealed: boolean;
  /** Slots before the index (sealed) or in the file (unsealed); null where the header's layout cannot hold. */
  bodySlots: number | null;
}

/** The header's own fields: false where its magic or page size leaves nothing past it readable. */
function headerReadable(bytes: Uint8Array, h: SealedHeader, log: ProblemLog): boolean {
  if (h.magic !== LIBSQL_MAGIC) {
    log.add(
      'BAD_MAGIC',
      `the magic is 0x${h.magic.toString(16)}, not LIBSQL_MAGIC (libsql-wal reports this as a bad header checksum)`,
    );
    return false;
  }
  if (h.version !== 1) log.add('BAD_VERSION', `header version ${h.version}; libsql-wal only reads version 1`);
  if (h.pageSize !== PAGE_SIZE) {
    log.add('BAD_PAGE_SIZE', `page size ${h.pageSize}; libsql-wal only reads ${PAGE_SIZE}-byte pages`);
    return false;
  }
  const computed = sealedHeaderChecksum(bytes);
  if (computed !== h.headerChecksum) {
    log.add(
      'HEADER_CHECKSUM',
      `the header's CRC-32 is ${hex32(computed)} but it stores ${hex32(h.headerChecksum)}: libsql-wal ` +
        `refuses to open it`,
    );
  }
  if ((h.flags & ~(SEALED_FLAG_SEALED | SEALED_FLAG_FRAME_UNORDERED)) !== 0) {
    log.add('BAD_VERSION', `unknown flag bits 0x${h.flags.toString(16)}; libsql-wal stops on them`);
  }
  return true;
}

/** A sealed segment's slots before its index, as the header places the index; null where it cannot. */
function sealedBodySlots(h: SealedHeader, slotsInFile: number, log: ProblemLog): number | null {
  const body = h.indexOffset - BigInt(SEALED_HEADER_SIZE);
  if (
    h.indexOffset < BigInt(SEALED_HEADER_SIZE) ||
    body % BigInt(SLOT_SIZE) !== 0n ||
    body / BigInt(SLOT_SIZE) < h.frameCount
  ) {
    log.add('INDEX_MISMATCH', `the index offset ${h.indexOffset} does not follow the ${h.frameCount} committed frames`);
    return null;
  }
  if (h.indexSize > BigInt(MAX_INDEX_BYTES)) {
    log.add('INDEX_MISMATCH', `the index claims ${h.indexSize} bytes, more than any libsql-wal segment holds`);
    return null;
  }
  const bodySlots = Number(body / BigInt(SLOT_SIZE));
  if (bodySlots > slotsInFile + 1) {
    log.add(
      'TRUNCATED_SEGMENT',
      `the header puts the index after ${bodySlots} frames but the file holds ${Math.max(0, slotsInFile)}`,
    );
    return null;
  }
  return bodySlots;
}

/**
 * Checks a `.seg` file's header (its magic, version, page size, CRC-32 and flags) and the layout
 * it gives the file of `size` bytes, adding to `log` what is wrong, as libsql-wal would take it.
 */
export function checkSealedHeader(bytes: Uint8Array, h: SealedHeader, size: bigint, log: ProblemLog): SealedLayout {
  if (!headerReadable(bytes, h, log)) return { unreadable: true, sealed: false, bodySlots: null };
  const sealed = (h.flags & SEALED_FLAG_SEALED) !== 0;
  const slotsInFile = Number((size - BigInt(SEALED_HEADER_SIZE)) / BigInt(SLOT_SIZE));
  if (h.frameCount === 0n) {
    log.warn(
      'UNSEALED_SEGMENT',
      'the segment holds no committed frame (libsql-wal deletes such a file when it opens it)',
    );
  }
  if (sealed) return { unreadable: false, sealed, bodySlots: sealedBodySlots(h, slotsInFile, log) };
  if (h.indexOffset !== 0n)
    log.add('INDEX_MISMATCH', `not sealed, yet the index offset is ${h.indexOffset} (libsql-wal expects 0)`);
  log.warn(
    'UNSEALED_SEGMENT',
    'the segment was never sealed (the current segment, or a crash): its committed frames are recovered by ' +
      'walking the checksum chain, as libsql-wal does',
  );
  return { unreadable: false, sealed, bodySlots: Math.max(0, slotsInFile) };
}
