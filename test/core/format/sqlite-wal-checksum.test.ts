import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Database } from '../../../core/sqlite/driver.js';
import { isWalMagic, walChecksum } from '../../../core/format/sqlite-wal-checksum.js';
import { walFrameChecksum } from '../../../core/format/sqlite-wal.js';

const dir = mkdtempSync(join(tmpdir(), 'segscope-walsum-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A WAL file SQLite itself wrote: three committed transactions, no checkpoint. */
function sqliteWal(): Uint8Array {
  const path = join(dir, 'db');
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('wal_autocheckpoint = 0');
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)');
  for (let i = 0; i < 3; i++) db.prepare('INSERT INTO t (v) VALUES (?)').run('x'.repeat(3000 + i));
  const bytes = readFileSync(`${path}-wal`);
  db.close();
  return bytes;
}

describe("SQLite's WAL checksum", () => {
  const wal = sqliteWal();
  const view = new DataView(wal.buffer, wal.byteOffset, wal.byteLength);
  const bigEndian = (view.getUint32(0) & 1) === 1;

  it("matches the header's stored checksum in a WAL SQLite wrote", () => {
    expect(isWalMagic(view.getUint32(0))).toBe(true);
    expect(walChecksum(wal, 0, 24, bigEndian)).toEqual({ s0: view.getUint32(24), s1: view.getUint32(28) });
  });

  it("chains through every frame SQLite wrote, each frame's stored pair", () => {
    const pageSize = view.getUint32(8);
    let sum = walChecksum(wal, 0, 24, bigEndian);
    let frames = 0;
    for (let at = 32; at + 24 + pageSize <= wal.length; at += 24 + pageSize) {
      sum = walFrameChecksum(wal, at, pageSize, bigEndian, sum);
      expect(sum).toEqual({ s0: view.getUint32(at + 16), s1: view.getUint32(at + 20) });
      frames++;
    }
    expect(frames).toBeGreaterThanOrEqual(3);
  });

  it('reads words in the order the magic names: the other order gives another sum', () => {
    expect(walChecksum(wal, 0, 24, !bigEndian)).not.toEqual(walChecksum(wal, 0, 24, bigEndian));
  });

  it('refuses a length that is not a multiple of 8', () => {
    expect(() => walChecksum(wal, 0, 20, bigEndian)).toThrow(RangeError);
  });
});
