import { truncate } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyNamespace } from '../../../core/inspect/verify-files.js';
import { openLayout } from '../../../core/layouts/open-layout.js';
import { listPoints } from '../../../core/restore/points.js';
import { sourceFromLayout } from '../../../core/restore/restore-source.js';
import { Database } from '../../../core/sqlite/driver.js';
import { pythonDigest } from '../../support/python-digest.js';
import { damagedTenantB, digestAt, editFile, flipLogPage, restoreTenantB } from '../../support/sqld-default-sample.js';

const WALLOG_HEADER = 64;
const WALLOG_FRAME = 24 + 4096;
const TO_COMPACT = 'to_compact/4c6307fa-4f54-4f8a-b0b1-1d5a913cc144';

/** The page number at `slot` set past any size (it is outside the CRC, so the chain holds). */
const pagePastSize = (slot: number) => (b: Buffer) =>
  b.writeUInt32LE(0xffffffff, WALLOG_HEADER + slot * WALLOG_FRAME + 16);

/*
 * tenant-b's log: snapshots to 108, to_compact 109..150 (commits 118, 126, 130, 150) and the wallog
 * 151..175 (commits 157, then one transaction 158..175). Each case damages a frame inside a
 * transaction: the commits before that transaction's first frame stay provable, the rest do not.
 */
const CASES = [
  {
    name: "the wallog's CRC chain broken at frame 165",
    piece: 'wallog',
    damage: (ns: string) => editFile(join(ns, 'wallog'), flipLogPage(14)),
    problem: { code: 'CHAIN_BROKEN', words: 'breaks at frame 165' },
    from: 158,
    logPoints: [34, 73, 108, 118, 126, 130, 150, 157],
  },
  {
    name: 'a wallog page past its transaction size at frame 165',
    piece: 'wallog',
    damage: (ns: string) => editFile(join(ns, 'wallog'), pagePastSize(14)),
    problem: {
      code: 'PAGE_OUT_OF_RANGE',
      words: 'the transaction committed at frame 175 writes page 4294967295 (frame 165)',
    },
    from: 158,
    logPoints: [34, 73, 108, 118, 126, 130, 150, 157],
  },
  {
    name: 'the wallog cut in frame 161, though its header counts 25 frames',
    piece: 'wallog',
    damage: (ns: string) => truncate(join(ns, 'wallog'), WALLOG_HEADER + 10 * WALLOG_FRAME + 100),
    problem: { code: 'TRUNCATED_SEGMENT', words: 'committed frames are missing' },
    from: 158,
    logPoints: [34, 73, 108, 118, 126, 130, 150, 157],
  },
  {
    name: "the to_compact log's CRC chain broken at frame 128",
    piece: TO_COMPACT,
    damage: (ns: string) => editFile(join(ns, TO_COMPACT), flipLogPage(19)),
    problem: { code: 'CHAIN_BROKEN', words: 'breaks at frame 128' },
    from: 127,
    logPoints: [34, 73, 108, 118, 126],
  },
];

describe('a default-mode log damaged inside a transaction keeps the commits before it', () => {
  for (const c of CASES) {
    it(`${c.name}: the points before its transaction list and restore, the others are refused`, async () => {
      const root = await damagedTenantB(c.damage);
      const message = expect.stringContaining(c.problem.words);

      // verify still fails on the damage (it names a piece by its file name).
      const verified = await verifyNamespace(await openLayout(root), 'tenant-b');
      expect(verified.ok).toBe(false);
      expect(verified.segments.find((s) => s.file === basename(c.piece))?.problems).toContainEqual({
        code: c.problem.code,
        severity: 'error',
        message,
      });

      const listed = await listPoints(await sourceFromLayout(await openLayout(root), 'tenant-b'));
      expect(listed.unreadable).toEqual([
        { file: c.piece, code: c.problem.code, message, fromFrameNo: BigInt(c.from) },
      ]);
      const logPoints = listed.points.filter((p) => p.walFrame === undefined).map((p) => Number(p.frameNo));
      expect(logPoints).toEqual(c.logPoints);

      // The last point before the damaged transaction is what SQLite held there.
      const last = c.logPoints.at(-1) ?? 0;
      const restored = await restoreTenantB(root, { untilFrameNo: BigInt(last) });
      expect(restored.result).toMatchObject({ untilFrameNo: BigInt(last) });
      expect(pythonDigest(restored.out)).toBe(digestAt(last));
      const db = new Database(restored.out, { readonly: true });
      expect(db.pragma('quick_check', { simple: true })).toBe('ok');
      db.close();

      // From the transaction's first frame on, every point would stand on the damage.
      for (const untilFrameNo of [BigInt(c.from), 175n]) {
        const refused = await restoreTenantB(root, { untilFrameNo });
        expect(refused.error).toMatchObject({ code: c.problem.code, message });
        expect(refused.error).toMatchObject({ message: expect.stringContaining(`only before frame ${c.from}`) });
        expect(refused.left).toEqual([]);
      }
    });
  }
});
