import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inspectFile } from '../../../core/inspect/inspect-file.js';
import { verifyNamespace } from '../../../core/inspect/verify-files.js';
import { openLayout } from '../../../core/layouts/open-layout.js';
import { runCli } from '../../support/cli.js';
import { damagedTenantB, editFile, restoreTenantB } from '../../support/sqld-default-sample.js';

const LOG = '2d261782-1404-48c6-ab33-599df9d78dff';
const snap = (start: number, end: number) => `${LOG}-${start}-${end}.snap`;
// Slot 16 of 35..73 is frame 56 (page 31): the snapshot dropped frame 55, so no checksum covers it.
const UNCOVERED_BYTE = 48 + 16 * (24 + 4096) + 24 + 4050;

/**
 * The pages of tenant-b as of the end of `snapshots` (applied oldest first) whose newest version is
 * a frame no checksum covers: one whose next frame in its file is not its predecessor in the log.
 * Worked out from the frames inspect lists, apart from the restore's own bookkeeping.
 */
async function uncoveredPages(root: string, snapshots: string[]): Promise<number> {
  const newest = new Map<number, { frameNo: bigint; covered: boolean }>();
  let size = 0;
  for (const name of snapshots) {
    const r = await inspectFile(join(root, 'dbs/tenant-b/snapshots', name), { frames: true });
    const frames = r.frames ?? [];
    frames.forEach((f, i) => {
      const covered = frames[i + 1]?.frameNo === f.frameNo - 1n;
      newest.set(f.pageNo, { frameNo: f.frameNo, covered });
    });
    size = Number(r.header?.sizeAfter ?? 0);
  }
  return [...newest].filter(([pageNo, v]) => pageNo <= size && !v.covered).length;
}

describe("a default-mode snapshot's frames whose predecessor was dropped", () => {
  it('verify warns of each snapshot how many no checksum covers; it cannot see damage there, and says so', async () => {
    const root = await damagedTenantB((ns) =>
      editFile(join(ns, 'snapshots', snap(35, 73)), (b) =>
        b.writeUInt8(b.readUInt8(UNCOVERED_BYTE) ^ 0xff, UNCOVERED_BYTE),
      ),
    );
    const verified = await verifyNamespace(await openLayout(root), 'tenant-b');
    expect(verified.ok).toBe(true);
    const warned = (name: string) =>
      verified.segments
        .find((s) => s.file === name)
        ?.problems.map((p) => [p.code, p.severity, p.message.split(':')[0]]);
    expect(warned(snap(0, 34))).toEqual([['UNPROVEN_FRAMES', 'warning', '4 of 23 frames are covered by no checksum']]);
    expect(warned(snap(35, 73))).toEqual([['UNPROVEN_FRAMES', 'warning', '5 of 28 frames are covered by no checksum']]);
    expect(warned(snap(74, 108))).toEqual([
      ['UNPROVEN_FRAMES', 'warning', '5 of 21 frames are covered by no checksum'],
    ]);
  });

  it('a restore, query and diff standing on such pages say how many; the current state stands on none', async () => {
    const root = await damagedTenantB(() => Promise.resolve());
    const at73 = await uncoveredPages(root, [snap(0, 34), snap(35, 73)]);
    const at108 = await uncoveredPages(root, [snap(0, 34), snap(35, 73), snap(74, 108)]);
    expect(at73).toBeGreaterThan(0);
    expect((await restoreTenantB(root, { untilFrameNo: 73n })).result?.unprovenPages).toBe(at73);
    expect((await restoreTenantB(root, { untilFrameNo: 108n })).result?.unprovenPages).toBe(at108);
    // data + data-wal: SQLite's WAL checksums cover every frame applied.
    expect((await restoreTenantB(root)).result).not.toHaveProperty('unprovenPages');

    const out = join(root, '..', 'at73.db');
    const restored = await runCli(['restore', root, '--namespace', 'tenant-b', '--until-frame', '73', '--out', out]);
    expect(restored.code).toBe(0);
    expect(restored.out).toContain(
      `warning UNPROVEN_FRAMES: ${at73} pages of the restored database come from snapshot`,
    );
    const sql = await runCli(['sql', root, '--namespace', 'tenant-b', 'SELECT 1', '--at-frame', '73', '--json']);
    expect(JSON.parse(sql.out)).toMatchObject({ atFrameNo: 73, atUnprovenPages: at73 });
    const diff = await runCli(['diff', root, '--namespace', 'tenant-b', '--from', '73', '--to', 'wal:0', '--json']);
    expect(JSON.parse(diff.out)).toMatchObject({ fromUnprovenPages: at73 });
    expect(JSON.parse(diff.out)).not.toHaveProperty('toUnprovenPages');
  });
});
