import { truncate } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyNamespace } from '../../../core/inspect/verify-files.js';
import { openLayout } from '../../../core/layouts/open-layout.js';
import { damagedTenantB, editFile, restoreTenantB } from '../../support/sqld-default-sample.js';

const SNAP_NAME = '2d261782-1404-48c6-ab33-599df9d78dff-35-73.snap';
const SNAP = `snapshots/${SNAP_NAME}`;
const SNAP_HEADER = 48;
const SNAP_FRAME = 24 + 4096;

/** Each damage to the snapshot of frames 35..73, and the code the snapshot's own check gives it. */
const DAMAGES: { what: string; code: string; edit: (ns: string) => Promise<void> }[] = [
  {
    what: 'a header frame count past the file',
    code: 'TRUNCATED_SEGMENT',
    edit: (ns) => editFile(join(ns, SNAP), (b) => b.writeBigUInt64LE(1000n, 32)),
  },
  {
    what: 'frames out of order',
    code: 'FRAME_ORDER',
    edit: (ns) =>
      editFile(join(ns, SNAP), (b) => {
        const first = Buffer.from(b.subarray(SNAP_HEADER, SNAP_HEADER + SNAP_FRAME));
        b.copy(b, SNAP_HEADER, SNAP_HEADER + SNAP_FRAME, SNAP_HEADER + 2 * SNAP_FRAME);
        first.copy(b, SNAP_HEADER + SNAP_FRAME);
      }),
  },
  {
    what: 'a file cut mid-frame',
    code: 'TRUNCATED_SEGMENT',
    edit: (ns) => truncate(join(ns, SNAP), SNAP_HEADER + 3 * SNAP_FRAME + 100),
  },
];

describe('a damaged snapshot of a default-mode namespace is a snapshot, with its own damage', () => {
  for (const damage of DAMAGES) {
    it(`${damage.what}: list, verify and restore name ${damage.code}, not "no format"`, async () => {
      const root = await damagedTenantB(damage.edit);
      const layout = await openLayout(root);
      const listed = await layout.list('tenant-b');
      expect(listed.unrecognized.map((u) => u.file)).not.toContain(SNAP);
      expect([...listed.segments].find((s) => s.file === SNAP)).toMatchObject({ format: 'sqld-snapshot' });
      const verified = await verifyNamespace(layout, 'tenant-b');
      expect(verified.ok).toBe(false);
      const problems = verified.segments.find((s) => s.file === SNAP_NAME)?.problems ?? [];
      expect(problems.map((p) => p.code)).toContain(damage.code);
      expect(problems.map((p) => p.code)).not.toContain('NOT_A_SEGMENT');
      // A point inside the snapshot's range needs it: the refusal names the file and its damage.
      const refused = await restoreTenantB(root, { untilFrameNo: 73n });
      expect(refused.error).toMatchObject({ code: damage.code, message: expect.stringContaining(SNAP) });
      expect(refused.error).not.toMatchObject({ message: expect.stringContaining('in no segment') });
      expect(refused.left).toEqual([]);
      // The snapshot before it still stands.
      expect((await restoreTenantB(root, { untilFrameNo: 34n })).result).toMatchObject({ untilFrameNo: 34n });
    });
  }
});

describe('an empty wallog beside the snapshots of a default-mode namespace', () => {
  it('is a verify warning naming it, and the points end with the pieces before it', async () => {
    const root = await damagedTenantB((ns) => truncate(join(ns, 'wallog'), 0));
    const verified = await verifyNamespace(await openLayout(root), 'tenant-b');
    expect(verified.segments.find((s) => s.file === 'wallog')?.problems).toEqual([
      { code: 'TRUNCATED_SEGMENT', severity: 'warning', message: expect.stringContaining('wallog is empty (0 bytes)') },
    ]);
    // The pending log before it (frames 109..150) is the last piece of the log.
    expect((await restoreTenantB(root, { untilFrameNo: 150n })).result).toMatchObject({ untilFrameNo: 150n });
  });
});
