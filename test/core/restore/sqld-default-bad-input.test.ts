import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { walChecksum } from '../../../core/format/sqlite-wal-checksum.js';
import { verifyNamespace } from '../../../core/inspect/verify-files.js';
import { openLayout } from '../../../core/layouts/open-layout.js';
import { pythonDigest } from '../../support/python-digest.js';
import { damagedTenantB, digestAt, editFile, restoreTenantB } from '../../support/sqld-default-sample.js';

const WALLOG_HEADER = 64;
const WALLOG_FRAME = 24 + 4096;
const SNAPSHOT_HEADER = 48;
const WAL_HEADER = 32;
const WAL_FRAME = 24 + 4096;

/** Sets data-wal's commit frame `index` (from 1) to `size` pages and chains every checksum from there on anew. */
function setWalCommitSize(bytes: Buffer, index: number, size: number): void {
  bytes.writeUInt32BE(size, walFrameAt(index) + 4);
  rechainWal(bytes, index);
}

const walFrameAt = (index: number): number => WAL_HEADER + (index - 1) * WAL_FRAME;

/** Recomputes data-wal's checksums from frame `index` (from 1) on, so an edit there passes them. */
function rechainWal(bytes: Buffer, index: number): void {
  const bigEndian = bytes.readUInt32BE(0) === 0x377f0683;
  const at = walFrameAt;
  let sum =
    index === 1
      ? { s0: bytes.readUInt32BE(24), s1: bytes.readUInt32BE(28) }
      : { s0: bytes.readUInt32BE(at(index - 1) + 16), s1: bytes.readUInt32BE(at(index - 1) + 20) };
  for (let i = index; at(i) + WAL_FRAME <= bytes.length; i++) {
    sum = walChecksum(bytes, at(i), at(i) + 8, bigEndian, sum);
    sum = walChecksum(bytes, at(i) + 24, at(i) + WAL_FRAME, bigEndian, sum);
    bytes.writeUInt32BE(sum.s0, at(i) + 16);
    bytes.writeUInt32BE(sum.s1, at(i) + 20);
  }
}

/**
 * A page past the size its piece commits: verify's error on the piece `isPiece` picks, and a restore to `untilFrameNo`
 * refused with the same code and words, leaving nothing behind.
 */
async function expectPastSize(
  root: string,
  isPiece: (file: string) => boolean,
  words: string,
  untilFrameNo: bigint,
): Promise<void> {
  const verified = await verifyNamespace(await openLayout(root), 'tenant-b');
  expect(verified.ok).toBe(false);
  const pastSize = { code: 'PAGE_OUT_OF_RANGE', message: expect.stringContaining(words) };
  expect(verified.segments.find((s) => isPiece(s.file))?.problems).toContainEqual({ ...pastSize, severity: 'error' });
  const refused = await restoreTenantB(root, { untilFrameNo });
  expect(refused.error).toMatchObject(pastSize);
  expect(refused.left).toEqual([]);
}

describe('a default-mode namespace whose files pass their checksums but are wrong', () => {
  it('a commit size past every page is BAD_SIZE, not a sparse file of terabytes (the wallog)', async () => {
    // The wallog's CRC covers pages only: its last commit (frame 175, slot 24) can claim any size and still chain.
    const root = await damagedTenantB((ns) =>
      editFile(join(ns, 'wallog'), (b) => b.writeUInt32LE(0xffffffff, WALLOG_HEADER + 24 * WALLOG_FRAME + 20)),
    );
    const refused = await restoreTenantB(root, { untilFrameNo: 175n });
    expect(refused.error).toMatchObject({ code: 'BAD_SIZE', message: expect.stringContaining('4294967295 pages') });
    expect(refused.left).toEqual([]);
    // The commit before it stands on pages the log holds.
    expect((await restoreTenantB(root, { untilFrameNo: 157n })).error).toBeUndefined();
  });

  it('the same in data-wal, whose checksums are recomputed over the new size', async () => {
    const root = await damagedTenantB((ns) => editFile(join(ns, 'data-wal'), (b) => setWalCommitSize(b, 83, 1 << 30)));
    const refused = await restoreTenantB(root);
    expect(refused.error).toMatchObject({ code: 'BAD_SIZE', message: expect.stringContaining('1073741824 pages') });
    expect(refused.left).toEqual([]);
  });

  it('a point past a missing piece is CHAIN_GAP, and --allow-gaps stands before the gap, not across it', async () => {
    // Without its pending log (frames 109..150) the log jumps from the snapshot ending at 108 to the wallog at 151.
    const root = await damagedTenantB((ns) => rm(join(ns, 'to_compact'), { recursive: true }));
    for (const untilFrameNo of [130n, 175n]) {
      const refused = await restoreTenantB(root, { untilFrameNo });
      expect(refused.error).toMatchObject({ code: 'CHAIN_GAP', message: expect.stringContaining('frames 109..150') });
      expect(refused.left).toEqual([]);
      const allowed = await restoreTenantB(root, { untilFrameNo, allowGaps: true });
      expect(allowed.result).toMatchObject({ untilFrameNo: 108n, stoppedBecause: expect.stringContaining('109..150') });
      expect(pythonDigest(allowed.out)).toBe(digestAt(108));
    }
  });

  it('data missing beside a data-wal: verify names it, and no current state or wal:N stands on the WAL', async () => {
    const root = await damagedTenantB((ns) => rm(join(ns, 'data')));
    const verified = await verifyNamespace(await openLayout(root), 'tenant-b');
    expect(verified.ok).toBe(false);
    expect(verified.segments.find((s) => s.file === 'data')?.problems).toEqual([
      { code: 'NOT_FOUND', severity: 'error', message: expect.stringContaining('data is missing, yet data-wal holds') },
    ]);
    for (const options of [{}, { untilWalFrame: 3n }]) {
      const refused = await restoreTenantB(root, options);
      expect(refused.error).toMatchObject({
        code: 'NOT_FOUND',
        message: expect.stringContaining('its newest point is frame 175'),
      });
      expect(refused.left).toEqual([]);
    }
    // The log's points still restore.
    expect((await restoreTenantB(root, { untilFrameNo: 175n })).result).toMatchObject({ untilFrameNo: 175n });
  });

  it('a wallog of another log_id than the snapshots before it is CHAIN_BROKEN: two histories, not one', async () => {
    const other = Buffer.from('00112233445566778899aabbccddeeff', 'hex');
    const root = await damagedTenantB((ns) => editFile(join(ns, 'wallog'), (b) => other.copy(b, 16)));
    const verified = await verifyNamespace(await openLayout(root), 'tenant-b');
    expect(verified.ok).toBe(false);
    expect(verified.segments.find((s) => s.file === '(chain of segments)')?.problems).toContainEqual({
      code: 'CHAIN_BROKEN',
      severity: 'error',
      message: expect.stringContaining('pieces of two histories'),
    });
    const refused = await restoreTenantB(root, { untilFrameNo: 175n });
    expect(refused.error).toMatchObject({ code: 'CHAIN_BROKEN' });
    expect(refused.left).toEqual([]);
    // data + data-wal is a history of its own, and still the current state.
    expect((await restoreTenantB(root)).result).toMatchObject({ walFrame: 83n });
  });

  it('a wallog page past the size its transaction commits is PAGE_OUT_OF_RANGE, not dropped', async () => {
    // The page number is outside the CRC, so the chain still holds; frame 175 (slot 24) is a commit on its own.
    const root = await damagedTenantB((ns) =>
      editFile(join(ns, 'wallog'), (b) => b.writeUInt32LE(0xffffffff, WALLOG_HEADER + 24 * WALLOG_FRAME + 16)),
    );
    await expectPastSize(root, (file) => file === 'wallog', 'page 4294967295 (frame 175)', 175n);
  });

  it("a snapshot frame whose page lies past the snapshot's size is PAGE_OUT_OF_RANGE, not dropped", async () => {
    const snap = '2d261782-1404-48c6-ab33-599df9d78dff-74-108.snap';
    const root = await damagedTenantB((ns) =>
      editFile(join(ns, 'snapshots', snap), (b) => b.writeUInt32LE(0xffffffff, SNAPSHOT_HEADER + 16)),
    );
    await expectPastSize(root, (file) => file.endsWith(snap), 'snapshot writes page 4294967295', 108n);
  });

  it('a data-wal whose checksums hold but whose pages SQLite cannot read names the point as wal:N', async () => {
    const root = await damagedTenantB((ns) =>
      editFile(join(ns, 'data-wal'), (b) => {
        // The last commit's frame: a b-tree page whose type byte no page has, its checksums made to hold.
        b.fill(0xff, walFrameAt(83) + 24, walFrameAt(83) + 24 + 8);
        rechainWal(b, 83);
      }),
    );
    const refused = await restoreTenantB(root, { untilWalFrame: 83n });
    expect(refused.error).toMatchObject({
      code: 'DATABASE_MALFORMED',
      message: expect.stringContaining('the database as of wal:83 malformed'),
    });
    expect(refused.left).toEqual([]);
  });
});
