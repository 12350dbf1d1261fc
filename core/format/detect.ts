import { ALPHA1_HEADER, ALPHA1_HEADER_SIZE, looksAlpha1 } from './compacted-alpha1.js';
import { V1_FRAME_SIZE, V1_HEADER, V1_HEADER_SIZE, looksV1 } from './compacted-v1.js';
import { DB_FOOTER_SIZE, decodeDbFooter, hasFooterSize, isValidDbFooter } from './db-footer.js';
import { PAGE_SIZE } from './frame.js';
import { viewOf } from './byte-fields.js';
import { u16If, u32, u64 } from './header-fields.js';
import { FST_VERSION } from './fst-encoding.js';
import { looksIndexObject } from './index-object.js';
import { looksSealedDraft } from './sealed-draft.js';
import { LIBSQL_MAGIC, SEALED, SEALED_HEADER_SIZE, sealedHeaderChecksum } from './sealed-segment.js';
import type { FileFormat } from '../model/file-format.js';
import { CLIENT_WAL_INDEX_SIZE } from './client-wal-index.js';
import { looksSnapshot } from './sqld-snapshot.js';
import { hasSqliteMagic } from './sqlite-database-header.js';
import { looksSqliteWal } from './sqlite-wal.js';
import { looksWallog } from './wallog.js';
import { V0_HEADER_SIZE, decodeV0Range, v0ExpectedSize } from './segment-v0.js';

/** Enough of a file's start for every check below (v1's needs the header and its first frame). */
export const HEAD_SIZE = V1_HEADER_SIZE + V1_FRAME_SIZE;

/** What detection looks at: the first HEAD_SIZE bytes, the last DB_FOOTER_SIZE, and the size. */
export interface FileProbe {
  head: Uint8Array;
  tail: Uint8Array;
  size: bigint;
}

/**
 * What detection needs, from a whole file's bytes already in memory (a file dropped in the
 * browser, a small file read in one call). `copy` when the bytes are a borrowed buffer that the
 * probe must outlive.
 */
export function probeBytes(bytes: Uint8Array, copy = false): FileProbe {
  const head = bytes.subarray(0, HEAD_SIZE);
  const tail = bytes.length >= DB_FOOTER_SIZE ? bytes.subarray(bytes.length - DB_FOOTER_SIZE) : new Uint8Array(0);
  return { head: copy ? head.slice() : head, tail: copy ? tail.slice() : tail, size: BigInt(bytes.length) };
}

function hasMagic(head: Uint8Array): boolean {
  return head.length >= 8 && u64(viewOf(head), SEALED.magic) === LIBSQL_MAGIC;
}

/**
 * Files that start with LIBSQL_MAGIC, strongest evidence first. A damaged file still goes to the
 * nearest kind, whose verifier then says what is wrong with it.
 */
function withMagic(probe: FileProbe): FileFormat {
  const { head, size } = probe;
  if (head.length >= SEALED_HEADER_SIZE && u32(viewOf(head), SEALED.headerChecksum) === sealedHeaderChecksum(head))
    return 'sealed';
  if (u16If(head, SEALED.pageSize) === PAGE_SIZE && size >= BigInt(SEALED_HEADER_SIZE)) return 'sealed';
  if (looksAlpha1(head, size)) return 'compacted-alpha1';
  if (looksIndexObject(head, size)) return 'index-object';
  if (looksV1(head, size) || u16If(head, V1_HEADER.fields.pageSize) === PAGE_SIZE) return 'compacted-v1';
  if (u16If(head, ALPHA1_HEADER.fields.pageSize) === PAGE_SIZE && size >= BigInt(ALPHA1_HEADER_SIZE))
    return 'compacted-alpha1';
  return 'unknown';
}

function looksDatabase(probe: FileProbe): boolean {
  if (hasFooterSize(probe.size) && probe.tail.length === DB_FOOTER_SIZE && isValidDbFooter(decodeDbFooter(probe.tail)))
    return true;
  return hasSqliteMagic(probe.head);
}

/**
 * A raw fst: version 3 and type 0 first, and a root address (12 bytes before the end) that ends
 * the node area. Its CRC-32C trailer is the verifier's to check: an index with a flipped byte is
 * still an fst, and should be told so, not read as another format.
 */
function looksFst(probe: FileProbe): boolean {
  const { head, tail, size } = probe;
  if (head.length < 16 || size < 36n) return false;
  const view = viewOf(head);
  if (view.getBigUint64(0, true) !== FST_VERSION || view.getBigUint64(8, true) !== 0n) return false;
  const end = BigInt(head.length) < size ? tail : head;
  if (end.length < 12) return false;
  return viewOf(end).getBigUint64(end.length - 12, true) + 21n === size;
}

/** Page numbers are u32, and a compacted segment holds each page once. */
const MAX_V0_FRAMES = 1n << 32n;

/**
 * The seed's v0 has no magic: a plausible header is the only sign. Size is not required to fit:
 * a truncated v0 (the reference test stores a header alone) or one with trailing bytes is still
 * v0, and its verifier says so.
 */
function looksV0(probe: FileProbe): boolean {
  if (probe.head.length < V0_HEADER_SIZE) return false;
  const h = decodeV0Range(probe.head);
  return (
    h.startFrameNo <= h.endFrameNo &&
    h.frameCount < MAX_V0_FRAMES &&
    h.frameCount <= h.endFrameNo - h.startFrameNo + 1n &&
    // A v0 with no frames is its header (and footer) alone: a longer file (zeros) is no v0.
    (h.frameCount > 0n || probe.size <= v0ExpectedSize(0n))
  );
}

/**
 * Recognises a file by content: libsql-wal's magic first, then sqld's own formats (the log's
 * `SQLDWAL`, a database, SQLite's WAL magic, a snapshot's consistent header), then the formats
 * that have no magic at all. `claimed` is the format the file's name and folder give it (see
 * `claimedFormat`): a file with no magic that is where and as sqld keeps that format is taken as
 * one, however damaged, so its own verifier says what is wrong with it.
 */
export function detectFormat(probe: FileProbe, claimed: FileFormat | null = null): FileFormat {
  if (probe.size === 0n) return 'unknown';
  if (hasMagic(probe.head)) return withMagic(probe);
  if (looksWallog(probe.head)) return 'wallog';
  if (looksDatabase(probe)) return 'database';
  if (looksSqliteWal(probe.head)) return 'sqlite-wal';
  if (claimed !== null) return claimed;
  if (looksSnapshot(probe.head, probe.size)) return 'sqld-snapshot';
  if (probe.size === BigInt(CLIENT_WAL_INDEX_SIZE)) return 'client-wal-index';
  if (looksFst(probe)) return 'fst-index';
  if (looksV0(probe)) return 'compacted-v0';
  if (looksSealedDraft(probe.head)) return 'sealed-draft';
  return 'unknown';
}
