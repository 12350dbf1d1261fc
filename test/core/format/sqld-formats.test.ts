import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeClientWalIndex } from '../../../core/format/client-wal-index.js';
import { crc64ToBigInt, crc64WithInitial } from '../../../core/format/crc64.js';
import { viewOf } from '../../../core/format/byte-fields.js';
import { SQLD_FRAME_SIZE } from '../../../core/format/sqld-frame.js';
import { parseSnapshotName } from '../../../core/format/sqld-snapshot.js';
import { parseSqldVersion } from '../../../core/format/sqld-version.js';
import { WALLOG_HEADER_SIZE, encodeWallog } from '../../../core/format/wallog.js';
import { inspectFile } from '../../../core/inspect/inspect-file.js';

const VECTORS = join(import.meta.dirname, '../../vectors/sqld-default');
const ROOT = join(VECTORS, 'data.sqld');
const manifest = JSON.parse(readFileSync(join(VECTORS, 'manifest.json'), 'utf8')) as {
  namespaces: {
    name: string;
    wallog: { start_frame_no: number; frame_count: number; tail_frames: number };
    data_wal: { committed_frames: number; tail_frames: number };
  }[];
};
const dir = mkdtempSync(join(tmpdir(), 'segscope-sqld-formats-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A copy of `source` with `change` applied (it may return other bytes to write instead). */
function altered(source: string, name: string, change: (bytes: Uint8Array) => Uint8Array | undefined): string {
  const bytes = new Uint8Array(readFileSync(source));
  const out = change(bytes) ?? bytes;
  const path = join(dir, name);
  writeFileSync(path, out);
  return path;
}

function flip(bytes: Uint8Array, at: number): undefined {
  bytes[at] = (bytes[at] ?? 0) ^ 1;
  return undefined;
}

const codes = (r: { problems: { code: string; severity: string }[] }, severity: string) =>
  r.problems.filter((p) => p.severity === severity).map((p) => p.code);

describe("sqld's default-mode files, by content", () => {
  for (const ns of manifest.namespaces) {
    it(`${ns.name}: the wallog is recognised and its header, chain and tail are what sqld wrote`, async () => {
      const r = await inspectFile(join(ROOT, 'dbs', ns.name, 'wallog'));
      expect(r.format).toBe('wallog');
      expect(r.header?.startFrameNo).toBe(BigInt(ns.wallog.start_frame_no));
      expect(r.header?.frameCount).toBe(BigInt(ns.wallog.frame_count));
      expect(r.header?.uncommittedFrames).toBe(ns.wallog.tail_frames);
      expect(codes(r, 'error')).toEqual([]);
      expect(r.checksum.ok).toBe(ns.wallog.frame_count > 0 ? true : null);
    });

    it(`${ns.name}: data-wal is a SQLite WAL file and only frames up to its last commit count`, async () => {
      const r = await inspectFile(join(ROOT, 'dbs', ns.name, 'data-wal'));
      expect(r.format).toBe('sqlite-wal');
      expect(r.header?.endFrameNo).toBe(BigInt(ns.data_wal.committed_frames));
      expect(r.header?.uncommittedFrames).toBe(ns.data_wal.tail_frames);
      expect(codes(r, 'error')).toEqual([]);
      expect(codes(r, 'warning')).toEqual(ns.data_wal.tail_frames > 0 ? ['MISSING_COMMIT_FRAME'] : []);
    });
  }

  it('a .snap is recognised, its name agrees with its header, its frames descend', async () => {
    const name = '2d261782-1404-48c6-ab33-599df9d78dff-35-73.snap';
    const r = await inspectFile(join(ROOT, 'dbs/tenant-b/snapshots', name), { frames: true });
    expect(r.format).toBe('sqld-snapshot');
    expect(r.nameAgrees).toBe(true);
    // 23 of its 28 frames have their predecessor beside them; the other 5 no checksum covers.
    expect(r.checksum).toMatchObject({ ok: true, chained: { frames: 23, of: 28 } });
    expect(r.problems).toEqual([
      {
        code: 'UNPROVEN_FRAMES',
        severity: 'warning',
        message: expect.stringMatching(/^5 of 28 frames are covered by no checksum/),
      },
    ]);
    const frameNos = (r.frames ?? []).map((f) => f.frameNo);
    expect(frameNos[0]).toBe(73n);
    expect([...frameNos].sort((a, b) => (a > b ? -1 : 1))).toEqual(frameNos);
  });

  it('a pending log in to_compact/ is a log whose chain continues into the wallog', async () => {
    const pending = await inspectFile(join(ROOT, 'dbs/tenant-b/to_compact/4c6307fa-4f54-4f8a-b0b1-1d5a913cc144'));
    const wallog = await inspectFile(join(ROOT, 'dbs/tenant-b/wallog'));
    expect(pending.format).toBe('wallog');
    expect(pending.header?.lastChecksum).toBe(wallog.header?.startChecksum);
  });
});

describe('damaged logs, snapshots and WAL files: each a typed code', () => {
  const wallog = join(ROOT, 'dbs/tenant-b/wallog');

  it('a wrong magic', async () => {
    const r = await inspectFile(altered(wallog, 'magic', (b) => flip(b, 0)));
    expect(r.format).not.toBe('wallog');
    const forced = await inspectFile(altered(wallog, 'magic2', (b) => flip(b, 7)));
    expect(codes(forced, 'error')).toContain('NOT_A_SEGMENT');
  });

  it('a page size other than 4096', async () => {
    const r = await inspectFile(altered(wallog, 'pagesize', (b) => void viewOf(b).setInt32(52, 8192, true)));
    expect(codes(r, 'error')).toEqual(['BAD_PAGE_SIZE']);
  });

  it('a frame count past the end of the file', async () => {
    const r = await inspectFile(altered(wallog, 'count', (b) => void viewOf(b).setBigUint64(40, 26n, true)));
    expect(codes(r, 'error')).toContain('TRUNCATED_SEGMENT');
  });

  it('a broken chain, named by its frame number', async () => {
    const r = await inspectFile(
      altered(wallog, 'chain', (b) => flip(b, WALLOG_HEADER_SIZE + 3 * SQLD_FRAME_SIZE + 100)),
    );
    expect(codes(r, 'error')).toEqual(['CHAIN_BROKEN']);
    expect(r.problems[0]?.message).toContain('frame 154');
    expect(r.checksum).toMatchObject({ ok: false, brokenAtFrame: 154 });
  });

  it('a torn tail (a frame cut off while written) is a warning, not an error', async () => {
    const r = await inspectFile(
      altered(wallog, 'torn', (b) => {
        const out = new Uint8Array(b.length + 1000);
        out.set(b);
        return out;
      }),
    );
    expect(codes(r, 'error')).toEqual([]);
    expect(codes(r, 'warning')).toEqual(['TRUNCATED_SEGMENT']);
  });

  it('a torn commit (the header counts frames that never reached the disk) fails the chain near the end', async () => {
    const r = await inspectFile(altered(wallog, 'torn-commit', (b) => void b.fill(0, b.length - SQLD_FRAME_SIZE + 24)));
    expect(codes(r, 'error')).toEqual(['CHAIN_BROKEN']);
    expect(r.problems[0]?.message).toContain('frame 175');
    expect(r.problems[0]?.message).toContain('torn commit');
  });

  it('a log of zeros its header counts as committed: one finding per code, the first exact', async () => {
    // tenant-b's header (frames from 151) counting 2,000 frames, then 2,000 frames of zeros (a sparse file):
    // every frame is misnumbered, holds page 0 and breaks the chain, and the log keeps three findings.
    const frames = 2000;
    const path = altered(wallog, 'zeros', (b) => {
      const header = b.slice(0, WALLOG_HEADER_SIZE);
      viewOf(header).setBigUint64(40, BigInt(frames), true);
      return header;
    });
    truncateSync(path, WALLOG_HEADER_SIZE + frames * SQLD_FRAME_SIZE);
    const r = await inspectFile(path);
    expect(r.problems).toEqual([
      {
        code: 'FRAME_ORDER',
        severity: 'error',
        message:
          'the frame at slot 0 has frame number 0, not 151: frames must follow start_frame_no one by one ' +
          `(and ${2 * frames - 1} more like it)`,
      },
      {
        code: 'CHAIN_BROKEN',
        severity: 'error',
        message: 'the CRC-64 chain breaks at frame 151 (page 0): the log was altered or damaged',
      },
      {
        code: 'MISSING_COMMIT_FRAME',
        severity: 'error',
        message: expect.stringContaining(`the last committed frame (${150 + frames}) records no database size`),
      },
    ]);
  });

  it('a .snap whose name and header disagree', async () => {
    const source = join(ROOT, 'dbs/tenant-b/snapshots/2d261782-1404-48c6-ab33-599df9d78dff-35-73.snap');
    const r = await inspectFile(altered(source, '2d261782-1404-48c6-ab33-599df9d78dff-35-74.snap', () => undefined));
    expect(r.nameAgrees).toBe(false);
    expect(codes(r, 'error')).toEqual(['HEADER_MISMATCH']);
  });

  const wal = join(ROOT, 'dbs/tenant-b/data-wal');
  const frameAt = (i: number) => 32 + (i - 1) * (24 + 4096);

  it('a WAL frame with another salt before later commits', async () => {
    const r = await inspectFile(altered(wal, 'salt-wal', (b) => flip(b, frameAt(10) + 9)));
    expect(codes(r, 'error')).toEqual(['CHECKSUM_MISMATCH']);
    expect(r.checksum.brokenAtFrame).toBe(10);
  });

  it('a WAL frame whose page was altered before later commits', async () => {
    const r = await inspectFile(altered(wal, 'sum-wal', (b) => flip(b, frameAt(10) + 500)));
    expect(codes(r, 'error')).toEqual(['CHECKSUM_MISMATCH']);
    expect(r.header?.endFrameNo).toBeLessThan(10n);
  });

  it('a WAL header whose checksum fails: SQLite ignores the whole WAL', async () => {
    const r = await inspectFile(altered(wal, 'header-wal', (b) => flip(b, 27)));
    expect(r.format).toBe('sqlite-wal');
    expect(codes(r, 'error')).toEqual(['HEADER_CHECKSUM']);
  });
});

describe('the encoder the tests and the demo use', () => {
  it('writes a log whose chain the scanner verifies, seeded as sqld seeds a fresh log (0)', async () => {
    const page = (n: number) => new Uint8Array(4096).fill(n);
    const { bytes, lastChecksum, endFrameNo } = encodeWallog({
      logId: '11111111-2222-4333-8444-555555555555',
      startFrameNo: 0n,
      startChecksum: 0n,
      transactions: [
        {
          pages: [
            { pageNo: 1, page: page(1) },
            { pageNo: 2, page: page(2) },
          ],
          sizeAfter: 2,
        },
      ],
      uncommitted: [{ pageNo: 2, page: page(3) }],
    });
    const first = crc64WithInitial({ hi: 0, lo: 0 }, page(1));
    expect(viewOf(bytes).getBigUint64(WALLOG_HEADER_SIZE + 8, true)).toBe(crc64ToBigInt(first));
    expect(endFrameNo).toBe(1n);
    const path = join(dir, 'encoded');
    writeFileSync(path, bytes);
    const r = await inspectFile(path);
    expect(r.header?.lastChecksum).toBe(lastChecksum);
    expect(codes(r, 'error')).toEqual([]);
    expect(r.header?.uncommittedFrames).toBe(1);
  });
});

describe('the small files of a data directory', () => {
  it('.version, client_wal_index', () => {
    expect(parseSqldVersion(readFileSync(join(ROOT, '.version'), 'utf8'))).toBe('0.24.32');
    expect(parseSqldVersion('not a version')).toBeNull();
    const index = new Uint8Array(32);
    viewOf(index).setBigUint64(16, (1n << 64n) - 1n, true);
    expect(decodeClientWalIndex(index)?.committedFrameNo).toBeNull();
    expect(decodeClientWalIndex(new Uint8Array(10))).toBeNull();
  });

  it('snapshot names parse as sqld writes them, and nothing else does', () => {
    expect(parseSnapshotName('2d261782-1404-48c6-ab33-599df9d78dff-0-34.snap')).toEqual({
      logId: '2d261782-1404-48c6-ab33-599df9d78dff',
      startFrameNo: 0n,
      endFrameNo: 34n,
    });
    for (const bad of [
      '2d261782-1404-48c6-ab33-599df9d78dff-034-40.snap',
      '2d261782-1404-48c6-ab33-599df9d78dff-5-4.snap',
      'x-0-1.snap',
      '2d261782-1404-48c6-ab33-599df9d78dff-0-34',
    ]) {
      expect(parseSnapshotName(bad), bad).toBeNull();
    }
  });
});
