import { describe, expect, it } from 'vitest';
import { DB_FOOTER, encodeDbFooter } from '../../../core/format/db-footer.js';
import { viewOf } from '../../../core/format/byte-fields.js';
import {
  decodeHeader,
  encodeHeader,
  field,
  headerTable,
  readField,
  u16If,
  u32,
} from '../../../core/format/header-fields.js';
import { SEALED_HEADER } from '../../../core/format/sealed-segment.js';
import {
  SQLITE_WAL_FRAME_HEADER,
  SQLITE_WAL_HEADER,
  SQLITE_WAL_HEADER_SIZE,
  encodeSqliteWal,
} from '../../../core/format/sqlite-wal.js';
import { SegscopeError } from '../../../core/errors.js';

const LOG_ID = '0193c4a2-7f3e-7b1c-9d2e-4f5a6b7c8d9e';

describe('header field tables', () => {
  it('refuses a table whose field runs past the header', () => {
    expect(() => headerTable('a test header', 10, { a: field(4, 'u64') })).toThrow(/field a at 4 does not fit/);
  });

  it('round-trips every kind, in both byte orders', () => {
    const table = headerTable('a test header', 64, {
      a: field(0, 'u16'),
      b: field(2, 'u32', false),
      c: field(6, 'i32'),
      d: field(10, 'u64', false),
      e: field(18, 'uuid'),
      f: field(34, 'uuid', false),
    });
    const values = { a: 0xbeef, b: 0xdeadbeef, c: -5, d: 0x0102030405060708n, e: LOG_ID, f: LOG_ID };
    const bytes = encodeHeader(table, values);
    expect(decodeHeader(table, bytes)).toEqual(values);
    expect([...bytes.subarray(10, 18)]).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    // A big-endian UUID is its bytes in order; a little-endian one the same bytes reversed.
    expect(bytes[34]).toBe(0x01);
    expect(bytes[33]).toBe(0x01);
  });

  it('names the header when the bytes are too few', () => {
    const short = new Uint8Array(SEALED_HEADER.size - 1);
    expect(() => decodeHeader(SEALED_HEADER, short)).toThrow(SegscopeError);
    expect(() => decodeHeader(SEALED_HEADER, short)).toThrow(/a segment \(\.seg\) header needs 92 bytes/);
    expect(u16If(short.subarray(0, 63), SEALED_HEADER.fields.pageSize)).toBeNull();
  });

  it('reads the real writers’ big-endian headers from their tables', () => {
    const wal = encodeSqliteWal([{ pages: [{ pageNo: 1, page: new Uint8Array(4096) }], sizeAfter: 1 }], [7, 9]);
    const view = viewOf(wal);
    expect(readField(wal, view, SQLITE_WAL_HEADER.fields.pageSize)).toBe(4096);
    expect(view.getUint32(8, false)).toBe(4096);
    // A frame's header read where the frame starts: the field's offset is added to the base.
    const frame = SQLITE_WAL_FRAME_HEADER.fields;
    expect(u32(view, frame.pageNo, SQLITE_WAL_HEADER_SIZE)).toBe(1);
    expect(u32(view, frame.salt2, SQLITE_WAL_HEADER_SIZE)).toBe(9);
    expect(view.getUint32(SQLITE_WAL_HEADER_SIZE + 12, false)).toBe(9);
    const footer = encodeDbFooter({ version: 1, replicationIndex: 42n, logId: LOG_ID });
    expect(decodeHeader(DB_FOOTER, footer).logId).toBe(LOG_ID);
    expect(footer[18]).toBe(0x01);
  });
});
