import { SegscopeError } from '../errors.js';
import { viewOf } from './byte-fields.js';
import type { WalChecksum } from './sqlite-wal-checksum.js';
import { generationFromBytes } from './bottomless-generation.js';
import { field, headerTable, u32, u32Set } from './header-fields.js';
import { isSqlitePageSize } from './sqlite-wal.js';

/**
 * The small objects of a bottomless generation, all big-endian: `.meta` (page size and the seed
 * of the frames' checksum chain), `.dep` (the parent generation), `.changecounter` (the database
 * header's change counter at the snapshot) and the namespace's tombstone (a deletion time).
 */
export interface GenerationMeta {
  pageSize: number;
  /** The WAL header's checksum: the seed of the generation's first frame. */
  checksum: WalChecksum;
}

function exactSize(bytes: Uint8Array, size: number, what: string, atLeast = false): DataView {
  if (atLeast ? bytes.length < size : bytes.length !== size) {
    throw new SegscopeError(
      'BAD_SIZE',
      `${what} holds ${bytes.length} bytes where the writer puts ${atLeast ? 'at least ' : ''}${size}`,
    );
  }
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

const META_SIZE = 12;

const be = false;
/** `.meta`: the page size, then the WAL header's two checksum words. */
const BOTTOMLESS_META = headerTable("a bottomless generation's .meta", META_SIZE, {
  pageSize: field(0, 'u32', be),
  checksum1: field(4, 'u32', be),
  checksum2: field(8, 'u32', be),
});
const META = BOTTOMLESS_META.fields;

export function parseMeta(bytes: Uint8Array, what = '.meta'): GenerationMeta {
  const view = exactSize(bytes, META_SIZE, what);
  const pageSize = u32(view, META.pageSize);
  if (!isSqlitePageSize(pageSize)) {
    throw new SegscopeError('BAD_PAGE_SIZE', `${what} gives a page size of ${pageSize}, which SQLite never uses`);
  }
  return { pageSize, checksum: { s0: u32(view, META.checksum1), s1: u32(view, META.checksum2) } };
}

export function encodeMeta(meta: GenerationMeta): Uint8Array {
  const bytes = new Uint8Array(META_SIZE);
  const view = viewOf(bytes);
  u32Set(view, META.pageSize, meta.pageSize);
  u32Set(view, META.checksum1, meta.checksum.s0);
  u32Set(view, META.checksum2, meta.checksum.s1);
  return bytes;
}

/** `.dep`: the parent generation's 16 bytes in the UUID's text order. */
export function parseDep(bytes: Uint8Array, what = '.dep'): string {
  exactSize(bytes, 16, what);
  return generationFromBytes(bytes);
}

export function parseChangeCounter(bytes: Uint8Array, what = '.changecounter'): number {
  return exactSize(bytes, 4, what).getUint32(0);
}

/** The tombstone's i64 of unix seconds: generations created at or before it are deleted. */
export function parseTombstone(bytes: Uint8Array, what = 'the tombstone'): bigint {
  return exactSize(bytes, 8, what, true).getBigInt64(0);
}
