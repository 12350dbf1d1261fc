import { crc32 } from 'node:zlib';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { viewOf } from '../../../core/format/byte-fields.js';
import { buildFstMap } from '../../../core/format/fst-builder.js';
import { pageKey } from '../../../core/format/fst-encoding.js';
import {
  SEALED_HEADER_SIZE,
  SLOT_SIZE,
  decodeSealedHeader,
  encodeSealedHeader,
  encodeSealedSegment,
} from '../../../core/format/sealed-segment.js';
import { SealedSegmentScanner } from '../../../core/format/sealed-segment-scanner.js';
import { Alpha1Scanner } from '../../../core/format/compacted-alpha1-scanner.js';
import { V1Scanner } from '../../../core/format/compacted-v1-scanner.js';
import { encodeAlpha1Segment } from '../../../core/format/compacted-alpha1.js';
import { encodeV1Segment } from '../../../core/format/compacted-v1.js';
import { LIBSQL_VECTORS, copyVector, treeFingerprint } from '../../support/real-data.js';
import { runCli } from '../../support/cli.js';
import { pageBytes, tempDir } from '../../support/segments.js';

const LOG_ID = '0b6d1f1e-6f3a-4a8b-9c57-6d2f0c5e1a77';

function segment(options: { sealed?: boolean; uncommitted?: number } = {}): Uint8Array {
  const tx = (pages: number[], start: bigint) => ({
    pages: pages.map((pageNo, i) => ({ pageNo, page: pageBytes(pageNo, start + BigInt(i)) })),
    sizeAfter: 9,
  });
  return encodeSealedSegment({
    startFrameNo: 100n,
    salt: 0x1234abcd,
    logId: LOG_ID,
    sealedAtMs: options.sealed === false ? null : 1_726_840_000_000n,
    transactions: [tx([1, 2, 3], 100n), tx([2, 5], 103n), tx([9, 1, 4], 105n)],
    uncommitted: Array.from({ length: options.uncommitted ?? 0 }, (_, i) => ({
      pageNo: 7,
      page: pageBytes(7, 200n + BigInt(i)),
    })),
  });
}

function scan(bytes: Uint8Array, chunk = 1000) {
  const scanner = new SealedSegmentScanner(BigInt(bytes.length), { collectFrames: true });
  for (let at = 0; at < bytes.length; at += chunk) scanner.push(bytes.subarray(at, at + chunk));
  return scanner.finish();
}

const codes = (bytes: Uint8Array) =>
  scan(bytes)
    .problems.filter((p) => p.severity === 'error')
    .map((p) => p.code);

/** Rewrites the header through the encoder, so its CRC is right and only the field changed. */
function withHeader(bytes: Uint8Array, change: (h: ReturnType<typeof decodeSealedHeader>) => void): Uint8Array {
  const out = Uint8Array.from(bytes);
  const h = decodeSealedHeader(out);
  change(h);
  out.set(encodeSealedHeader(h));
  return out;
}

describe('sealed segments (.seg)', () => {
  it('round-trips: commits, index and chain verify whatever the chunking', () => {
    const bytes = segment();
    for (const chunk of [1, 7, 4116, 1 << 20]) {
      const result = scan(bytes, chunk);
      expect(result.problems).toEqual([]);
      expect(result.commits.map((c) => [c.frameNo, c.slots])).toEqual([
        [102n, 3],
        [104n, 5],
        [107n, 8],
      ]);
      expect(result.header).toMatchObject({
        startFrameNo: 100n,
        endFrameNo: 107n,
        frameCount: 8n,
        sealed: true,
        logId: LOG_ID,
      });
    }
  });

  it('an unsealed segment recovers its committed frames and ignores a torn tail', () => {
    const bytes = segment({ sealed: false, uncommitted: 2 });
    const torn = bytes.subarray(0, bytes.length - 1000);
    const result = scan(torn);
    expect(result.problems.map((p) => [p.code, p.severity])).toEqual([['UNSEALED_SEGMENT', 'warning']]);
    expect(result.commits.at(-1)).toMatchObject({ frameNo: 107n, slots: 8 });
    expect(result.header).toMatchObject({ recoveredFrameCount: 8n });
  });

  it('a header whose CRC is wrong is HEADER_CHECKSUM', () => {
    const bytes = segment();
    bytes[34] = (bytes[34] ?? 0) ^ 1;
    expect(codes(bytes)).toContain('HEADER_CHECKSUM');
  });

  it('a frame whose checksum breaks the chain is CHAIN_BROKEN at that frame', () => {
    const bytes = segment();
    const at = SEALED_HEADER_SIZE + 3 * SLOT_SIZE + 200;
    bytes[at] = (bytes[at] ?? 0) ^ 0x40;
    const result = scan(bytes);
    expect(result.checksum.brokenAtFrame).toBe(3);
    expect(codes(bytes)).toContain('CHAIN_BROKEN');
    expect(result.problems.find((p) => p.code === 'CHAIN_BROKEN')?.message).toContain('at frame 3');
  });

  it('an index whose CRC is wrong is INDEX_CHECKSUM', () => {
    const bytes = segment();
    bytes[bytes.length - 1] = (bytes[bytes.length - 1] ?? 0) ^ 1;
    expect(codes(bytes)).toEqual(['INDEX_CHECKSUM']);
  });

  it('an index that points past the frames, or at the wrong frame, is INDEX_MISMATCH', () => {
    const base = segment();
    const h = decodeSealedHeader(base);
    const rebuild = (entries: [number, bigint][]) => {
      const fst = buildFstMap(entries.map(([p, v]) => ({ key: pageKey(p), value: v })));
      const body = base.subarray(0, Number(h.indexOffset));
      const chain = viewOf(body).getUint32(body.length - SLOT_SIZE, true);
      const out = new Uint8Array(body.length + fst.length + 4);
      out.set(body);
      out.set(fst, body.length);
      viewOf(out).setUint32(body.length + fst.length, crc32(fst, chain), true);
      return withHeader(out, (x) => (x.indexSize = BigInt(fst.length)));
    };
    const good: [number, bigint][] = [
      [1, 6n],
      [2, 3n],
      [3, 2n],
      [4, 7n],
      [5, 4n],
      [9, 5n],
    ];
    expect(codes(rebuild(good))).toEqual([]);
    expect(codes(rebuild(good.map(([p, v]) => [p, p === 9 ? 99n : v])))).toEqual(['INDEX_MISMATCH']);
    expect(codes(rebuild(good.map(([p, v]) => [p, p === 2 ? 1n : v])))).toEqual(['INDEX_MISMATCH']);
  });

  it('a header with page size 8192 is BAD_PAGE_SIZE', () => {
    expect(codes(withHeader(segment(), (h) => (h.pageSize = 8192)))).toEqual(['BAD_PAGE_SIZE']);
  });

  it('a header with another version is BAD_VERSION', () => {
    expect(codes(withHeader(segment(), (h) => (h.version = 2)))).toContain('BAD_VERSION');
  });
});

describe('compacted segments', () => {
  const frames = [1, 2, 5].map((pageNo, i) => ({
    pageNo,
    frameNo: 10n + BigInt(i),
    page: pageBytes(pageNo, 10n + BigInt(i)),
  }));
  const input = {
    segmentId: LOG_ID,
    logId: LOG_ID,
    startFrameNo: 10n,
    endFrameNo: 12n,
    sizeAfter: 5,
    timestampMs: 1_726_840_000_000n,
    frames,
  };

  it('alpha.1 round-trips and a flipped byte fails its footer CRC', () => {
    const bytes = encodeAlpha1Segment(input);
    const ok = new Alpha1Scanner(BigInt(bytes.length));
    ok.push(bytes);
    expect(ok.finish().problems).toEqual([]);
    bytes[100] = (bytes[100] ?? 0) ^ 1;
    const bad = new Alpha1Scanner(BigInt(bytes.length));
    bad.push(bytes);
    expect(bad.finish().problems.map((p) => p.code)).toEqual(['CHECKSUM_MISMATCH']);
  });

  it(
    'v1 without its LAST flag is a warning (the wal-toolkit ' + 'writes partial ranges so), a broken chain an error',
    () => {
      const partial = encodeV1Segment({ ...input, lastFlag: false });
      const scanner = new V1Scanner(BigInt(partial.length));
      scanner.push(partial);
      expect(scanner.finish().problems.map((p) => [p.code, p.severity])).toEqual([['MISSING_COMMIT_FRAME', 'warning']]);
      const broken = encodeV1Segment(input);
      broken[56 + 4116 + 300] = (broken[56 + 4116 + 300] ?? 0) ^ 1;
      const s2 = new V1Scanner(BigInt(broken.length));
      s2.push(broken);
      const result = s2.finish();
      expect(result.checksum.brokenAtFrame).toBe(1);
      expect(result.problems.map((p) => p.code)).toEqual(['CHAIN_BROKEN']);
    },
  );
});

describe('bad sqld directories: a documented code, no stack, nothing changed', () => {
  it('a damaged segment fails verify with its code', async () => {
    const root = await copyVector('sqld');
    const seg = join(root, 'dbs/default/data-wal/00000000000000000030.seg');
    const bytes = new Uint8Array(await readFile(seg));
    bytes[SEALED_HEADER_SIZE + 5 * SLOT_SIZE + 10] = (bytes[SEALED_HEADER_SIZE + 5 * SLOT_SIZE + 10] ?? 0) ^ 1;
    await writeFile(seg, bytes);
    const before = await treeFingerprint(root);
    const run = await runCli(['verify', root, '--json']);
    expect(run.code).toBe(1);
    const result = JSON.parse(run.out) as {
      ok: boolean;
      segments: { file: string; ok: boolean; problems: { code: string }[] }[];
    };
    expect(result.segments.find((s) => s.file === '00000000000000000030.seg')?.problems.map((p) => p.code)).toEqual([
      'CHAIN_BROKEN',
    ]);
    const restore = await runCli(['restore', '--dir', root, '--out', join(await tempDir(), 'x.db')]);
    expect(restore.code).toBe(1);
    expect(restore.err).toMatch(/^segscope: CHAIN_BROKEN: .*\n$/);
    expect(await treeFingerprint(root)).toEqual(before);
  });

  it('a database footer with the wrong magic is BAD_MAGIC', async () => {
    const root = await copyVector('sqld');
    const data = join(root, 'dbs/default/data');
    const bytes = new Uint8Array(await readFile(data));
    bytes[bytes.length - 34] = 0x00;
    await writeFile(data, bytes);
    const run = await runCli(['inspect', data, '--json']);
    expect(run.code).toBe(1);
    expect((JSON.parse(run.out) as { problems: { code: string }[] }).problems.map((p) => p.code)).toEqual([
      'BAD_MAGIC',
    ]);
  });

  it('a file where a namespace folder should be, and a directory named like a segment, are reported', async () => {
    const root = await copyVector('sqld');
    await writeFile(join(root, 'dbs', 'stray'), 'not a namespace');
    await mkdir(join(root, 'dbs/default/data-wal/00000000000000000200.seg'));
    const before = await treeFingerprint(root);
    const ns = await runCli(['namespaces', root, '--json']);
    expect(ns.code).toBe(0);
    expect(JSON.parse(ns.out)).toMatchObject({
      layout: 'sqld',
      namespaces: [{ name: 'default' }],
      unrecognized: [{ file: 'dbs/stray', code: 'NOT_A_SEGMENT' }],
    });
    const list = await runCli(['list', root, '--json']);
    expect(JSON.parse(list.out)).toMatchObject({
      unrecognized: [{ file: '00000000000000000200.seg', code: 'NOT_A_SEGMENT' }],
    });
    expect((await runCli(['verify', root])).code).toBe(1);
    const store = await runCli([
      'store',
      join(LIBSQL_VECTORS, 'sqld/dbs/default/data-wal/00000000000000000030.seg'),
      '--dir',
      root,
      '--json',
    ]);
    expect(store.code).toBe(1);
    expect(JSON.parse(store.out)).toMatchObject({ refused: [{ code: 'READ_ONLY_LAYOUT' }] });
    expect(await treeFingerprint(root)).toEqual(before);
  });

  it('a namespace that is not there is NOT_FOUND', async () => {
    const root = await copyVector('sqld');
    const run = await runCli(['list', root, '--namespace', 'nope']);
    expect(run.code).toBe(2);
    expect(run.err).toMatch(/^segscope: NOT_FOUND: /);
  });
});
