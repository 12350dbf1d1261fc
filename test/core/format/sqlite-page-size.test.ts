import { describe, expect, it } from 'vitest';
import { pageSizeOf, sqlitePageSize } from '../../../core/format/sqlite-database-header.js';
import { SQLITE_WAL_VERSION } from '../../../core/format/sqlite-wal.js';
import { WAL_INDEX_HEADER_SIZE, decodeWalIndexHeader } from '../../../core/format/wal-index.js';

/** A wal-index as a little-endian host writes it: two equal copies of the 48-byte header. */
function walIndex(szPage: number): Uint8Array {
  const bytes = new Uint8Array(WAL_INDEX_HEADER_SIZE);
  const view = new DataView(bytes.buffer);
  for (const at of [0, 48]) {
    view.setUint32(at, SQLITE_WAL_VERSION, true);
    bytes[at + 12] = 1;
    view.setUint16(at + 14, szPage, true);
  }
  return bytes;
}

describe("SQLite's page size in 16 bits", () => {
  it('1 stands for 65536, any other value for itself', () => {
    expect(pageSizeOf(1)).toBe(65536);
    expect(pageSizeOf(4096)).toBe(4096);
    expect(pageSizeOf(512)).toBe(512);
  });

  it('the database header and the wal-index read it the same way', () => {
    const head = new Uint8Array(100);
    head[17] = 1;
    expect(sqlitePageSize(head)).toBe(65536);
    expect(decodeWalIndexHeader(walIndex(1))?.pageSize).toBe(65536);
    head.set([0x10, 0x00], 16);
    expect(sqlitePageSize(head)).toBe(4096);
    expect(decodeWalIndexHeader(walIndex(4096))?.pageSize).toBe(4096);
  });
});
