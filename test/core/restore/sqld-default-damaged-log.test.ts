import { truncate } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyNamespace } from '../../../core/inspect/verify-files.js';
import { openLayout } from '../../../core/layouts/open-layout.js';
import { listPoints } from '../../../core/restore/points.js';
import { sourceFromLayout } from '../../../core/restore/restore-source.js';
import {
  damagedTenantB,
  editFile,
  expectTenantBAt,
  flipLogPage,
  restoreTenantB,
} from '../../support/sqld-default-sample.js';

const WALLOG_HEADER = 64;
const WALLOG_FRAME = 24 + 4096;
const TO_COMPACT = 'to_compact/4c6307fa-4f54-4f8a-b0b1-1d5a913cc144';

/** The wallog's frame at `slot` given page `pageNo` (the page number is outside the CRC, so the chain holds). */
const setPage = (slot: number, pageNo: number) => (b: Buffer) =>
  b.writeUInt32LE(pageNo, WALLOG_HEADER + slot * WALLOG_FRAME + 16);

/** The wallog's frame at `slot` numbered 999 (outside the CRC too). */
const misnumber = (slot: number) => (b: Buffer) => b.writeBigUInt64LE(999n, WALLOG_HEADER + slot * WALLOG_FRAME);

/** The wallog's header counting `count` committed frames (its frame_count, at byte 40; no CRC covers it). */
const countFrames = (count: number) => (b: Buffer) => b.writeBigUInt64LE(BigInt(count), 40);

const NO_SIZE = 'records no database size';

const WALLOG_POINTS = [34, 73, 108, 118, 126, 130, 150, 157];

/*
 * tenant-b's log: snapshots to 108, to_compact 109..150 (commits 118, 126, 130, 150) and the wallog
 * 151..175 (commits 157, then one transaction 158..175; its size is 46 pages). Each case damages a
 * frame inside a transaction: the commits before that transaction's first frame (`from`) stay
 * provable, and so do its frames before the first one the damage reaches (`unproven`), none a commit.
 */
/**
 * A damage (`damage`, given the wallog's path) inside its transaction 158..175, reported as `code`
 * with `words`, reaching it from frame `unproven` on.
 */
function inWallog(name: string, code: string, words: string, unproven: number, damage: (w: string) => Promise<void>) {
  const damageIn = (ns: string) => damage(join(ns, 'wallog'));
  return {
    name,
    piece: 'wallog',
    damage: damageIn,
    problem: { code, words },
    from: 158,
    unproven,
    logPoints: WALLOG_POINTS,
  };
}

const PAGE_165_PAST = 'the transaction committed at frame 175 writes page 4294967295 (frame 165)';

const CASES = [
  inWallog("the wallog's CRC chain broken at frame 165", 'CHAIN_BROKEN', 'breaks at frame 165', 165, (w) =>
    editFile(w, flipLogPage(14)),
  ),
  inWallog('a wallog page past its transaction size at frame 165', 'PAGE_OUT_OF_RANGE', PAGE_165_PAST, 165, (w) =>
    editFile(w, setPage(14, 0xffffffff)),
  ),
  // The highest page is at 165, but 162's is past the size too: either may be the damaged header.
  inWallog('wallog pages past the size at frames 162 and 165', 'PAGE_OUT_OF_RANGE', PAGE_165_PAST, 162, (w) =>
    editFile(w, (b) => [setPage(11, 100), setPage(14, 0xffffffff)].forEach((edit) => edit(b))),
  ),
  // Its header counts 25 frames; 151..160 are left whole.
  inWallog('the wallog cut inside frame 161', 'TRUNCATED_SEGMENT', 'committed frames are missing', 161, (w) =>
    truncate(w, WALLOG_HEADER + 10 * WALLOG_FRAME + 100),
  ),
  inWallog("the wallog's frame 165 numbered 999", 'FRAME_ORDER', 'has frame number 999, not 165', 165, (w) =>
    editFile(w, misnumber(14)),
  ),
  inWallog("the wallog's frame 165 holding page 0", 'FRAME_ORDER', 'frame 165 holds page 0', 165, (w) =>
    editFile(w, setPage(14, 0)),
  ),
  // The header counts 151..170 committed, but 170 is no commit: the count or 170's size_after is wrong.
  inWallog(
    "the wallog's header counting 20 frames, 13 past its commit 157",
    'MISSING_COMMIT_FRAME',
    NO_SIZE,
    170,
    (w) => editFile(w, countFrames(20)),
  ),
  // One frame past the commit: 158 is the transaction's first frame and the one the damage reaches.
  inWallog(
    "the wallog's header counting 8 frames, one past its commit 157",
    'MISSING_COMMIT_FRAME',
    NO_SIZE,
    158,
    (w) => editFile(w, countFrames(8)),
  ),
  {
    name: "the to_compact log's CRC chain broken at frame 128",
    piece: TO_COMPACT,
    damage: (ns: string) => editFile(join(ns, TO_COMPACT), flipLogPage(19)),
    problem: { code: 'CHAIN_BROKEN', words: 'breaks at frame 128' },
    from: 127,
    unproven: 128,
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

      // The last point before the damaged transaction is what SQLite held there, and so is every frame
      // of the transaction before the damage: none of them is a commit, as the log proves.
      const last = logPoints.at(-1) ?? 0;
      for (const until of new Set([last, c.from, c.unproven - 1].filter((frame) => frame < c.unproven)))
        await expectTenantBAt(root, last, until);

      // From the first frame the damage reaches on, a target would stand on it.
      for (const untilFrameNo of [BigInt(c.unproven), 175n]) {
        const refused = await restoreTenantB(root, { untilFrameNo });
        expect(refused.error).toMatchObject({ code: c.problem.code, message });
        expect(refused.error).toMatchObject({ message: expect.stringContaining(`only before frame ${c.unproven},`) });
        expect(refused.left).toEqual([]);
      }
    });
  }
});

describe("a default-mode log whose first frame is not numbered its header's start_frame_no", () => {
  it('is unusable as a whole: none of its points list, a restore into it is refused', async () => {
    // Frame 151 numbered 999: the header or the frame is wrong, and every frame number rests on the header.
    const root = await damagedTenantB((ns) => editFile(join(ns, 'wallog'), misnumber(0)));
    const listed = await listPoints(await sourceFromLayout(await openLayout(root), 'tenant-b'));
    const message = expect.stringContaining('the frame at slot 0 has frame number 999, not 151');
    expect(listed.unreadable).toEqual([{ file: 'wallog', code: 'FRAME_ORDER', message }]);
    expect(listed.points.filter((p) => p.walFrame === undefined).map((p) => Number(p.frameNo))).toEqual(
      WALLOG_POINTS.slice(0, -1),
    );
    const refused = await restoreTenantB(root, { untilFrameNo: 157n });
    expect(refused.error).toMatchObject({ code: 'FRAME_ORDER', message });
    expect(refused.error).not.toMatchObject({ message: expect.stringContaining('only before') });
    expect(refused.left).toEqual([]);
    expect((await restoreTenantB(root, { untilFrameNo: 150n })).result).toMatchObject({ untilFrameNo: 150n });
  });
});
