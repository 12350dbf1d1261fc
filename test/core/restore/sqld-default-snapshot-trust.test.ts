import { copyFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyNamespace } from '../../../core/inspect/verify-files.js';
import { openLayout } from '../../../core/layouts/open-layout.js';
import { listPoints } from '../../../core/restore/points.js';
import { sourceFromLayout } from '../../../core/restore/restore-source.js';
import { damagedTenantB, editFile, expectTenantBAt, restoreTenantB } from '../../support/sqld-default-sample.js';

const LOG = '2d261782-1404-48c6-ab33-599df9d78dff';
const snap = (start: number, end: number) => `snapshots/${LOG}-${start}-${end}.snap`;
const SNAP_HEADER = 48;
const SNAP_FRAME = 24 + 4096;

async function pointsOf(root: string) {
  const listed = await listPoints(await sourceFromLayout(await openLayout(root), 'tenant-b'));
  const log = listed.points.filter((p) => p.walFrame === undefined).map((p) => Number(p.frameNo));
  return { log, unreadable: listed.unreadable };
}

/*
 * tenant-b's log: snapshots 0..34, 35..73 and 74..108, to_compact 109..150, wallog 151..175. A
 * snapshot's name can change without its bytes (a copy, a rename); its header was written with its
 * frames, so a snapshot whose header disagrees with its name is no restore point.
 */
describe('a default-mode snapshot whose name claims another range than its header', () => {
  it('a copy named wider than its header shadows nothing: the genuine snapshots restore', async () => {
    // The review's case: 0..34 copied as 0..108; restoring 108 gave frame 34's database, exit 0.
    const root = await damagedTenantB((ns) => copyFile(join(ns, snap(0, 34)), join(ns, snap(0, 108))));
    const { log, unreadable } = await pointsOf(root);
    expect(log).toEqual([34, 73, 108, 118, 126, 130, 150, 157, 175]);
    expect(unreadable).toEqual([
      {
        file: snap(0, 108),
        code: 'HEADER_MISMATCH',
        message: expect.stringContaining('the file name says frames 0..108 but the header says 0..34'),
        shadowed: true,
      },
    ]);
    await expectTenantBAt(root, 108);
    await expectTenantBAt(root, 73);

    const verified = await verifyNamespace(await openLayout(root), 'tenant-b');
    expect(verified.ok).toBe(false);
    const copy = verified.segments.find((s) => s.file === `${LOG}-0-108.snap`);
    expect(copy?.problems.map((p) => p.code)).toEqual(['HEADER_MISMATCH', 'UNPROVEN_FRAMES']);
    // The genuine snapshots are the chain, not leftovers inside the copy's claimed range.
    const chain = verified.segments.find((s) => s.file === '(chain of segments)');
    expect(chain).toMatchObject({ ok: true, problems: [] });
  });

  it('a rename past its header, with the frames it claims gone: points stop before it, restores refuse', async () => {
    const root = await damagedTenantB(async (ns) => {
      await rename(join(ns, snap(74, 108)), join(ns, snap(74, 150)));
      await rm(join(ns, 'to_compact'), { recursive: true });
    });
    const { log, unreadable } = await pointsOf(root);
    expect(log).toEqual([34, 73]);
    expect(unreadable).toEqual([
      {
        file: snap(74, 150),
        code: 'HEADER_MISMATCH',
        message: expect.stringContaining('the file name says frames 74..150 but the header says 74..108'),
        fromFrameNo: 74n,
      },
    ]);
    // Before: restore --until-frame 150 wrote frame 108's database "as of frame 150", exit 0.
    for (const untilFrameNo of [108n, 150n, 175n]) {
      const refused = await restoreTenantB(root, { untilFrameNo });
      expect(refused.error).toMatchObject({
        code: 'HEADER_MISMATCH',
        message: expect.stringContaining(`${snap(74, 150)}: the file name says frames 74..150`),
      });
      expect(refused.left).toEqual([]);
    }
    await expectTenantBAt(root, 73);
  });
});

describe("a default-mode snapshot's CRC-64 chain, where a frame's predecessor is beside it", () => {
  it('a byte flipped in a chained page fails verify and refuses the restores that apply it', async () => {
    // Slot 3 of 35..73 is frame 70, whose predecessor 69 the snapshot keeps: its checksum is checkable.
    const at = SNAP_HEADER + 3 * SNAP_FRAME + 24 + 200;
    const root = await damagedTenantB((ns) =>
      editFile(join(ns, snap(35, 73)), (b) => b.writeUInt8(b.readUInt8(at) ^ 0xff, at)),
    );
    const verified = await verifyNamespace(await openLayout(root), 'tenant-b');
    expect(verified.ok).toBe(false);
    expect(verified.segments.find((s) => s.file === `${LOG}-35-73.snap`)?.problems).toEqual([
      { code: 'CHAIN_BROKEN', severity: 'error', message: expect.stringContaining('breaks at frame 70 (page 38)') },
      { code: 'UNPROVEN_FRAMES', severity: 'warning', message: expect.stringContaining('5 of 28 frames') },
    ]);
    for (const untilFrameNo of [73n, 175n]) {
      const refused = await restoreTenantB(root, { untilFrameNo });
      expect(refused.error).toMatchObject({
        code: 'CHAIN_BROKEN',
        message: expect.stringContaining(`${snap(35, 73)}: the CRC-64 chain breaks at frame 70`),
      });
      expect(refused.left).toEqual([]);
    }
    await expectTenantBAt(root, 34);
    // points offers no point a restore refuses: the log's stop before the snapshot, which is named.
    const { log, unreadable } = await pointsOf(root);
    expect(log).toEqual([34]);
    expect(unreadable).toEqual([
      { file: snap(35, 73), code: 'CHAIN_BROKEN', message: expect.stringContaining('breaks at frame 70 (page 38)') },
    ]);
  });

  it('the genuine snapshots chain wherever they can, and every one restores to its digest', async () => {
    const root = await damagedTenantB(() => Promise.resolve());
    const verified = await verifyNamespace(await openLayout(root), 'tenant-b');
    expect(verified.ok).toBe(true);
    for (const frame of [34, 73, 108]) await expectTenantBAt(root, frame);
  });
});
