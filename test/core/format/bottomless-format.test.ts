import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  BatchFrameReader,
  type BatchReadState,
  type WalFrame,
  encodeWalFrame,
} from '../../../core/format/bottomless-batch.js';
import {
  generationBytes,
  generationCreatedMs,
  isVersion7,
  newGenerationId,
} from '../../../core/format/bottomless-generation.js';
import {
  encodeMeta,
  parseChangeCounter,
  parseDep,
  parseMeta,
  parseTombstone,
} from '../../../core/format/bottomless-meta.js';
import {
  type BottomlessCompression,
  checkBatchRange,
  formatBatchKey,
  parseBatchKey,
} from '../../../core/format/bottomless-batch-key.js';
import { type DecompressLimits, decompressStream } from '../../../core/format/bounded-decompress.js';
import { BOTTOMLESS_KINDS, bottomlessBucket } from '../../support/bottomless-vectors.js';

const source = (bytes: Uint8Array, chunk = 1000): AsyncIterable<Uint8Array> =>
  Readable.from(
    Array.from({ length: Math.ceil(bytes.length / chunk) }, (_, i) => bytes.subarray(i * chunk, (i + 1) * chunk)),
  );

/** What the streaming decoder yields for `source`, joined into one buffer. */
async function decompressAll(
  from: AsyncIterable<Uint8Array>,
  compression: BottomlessCompression,
  limits: DecompressLimits,
): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const chunk of decompressStream(from, compression, limits)) parts.push(chunk);
  return Buffer.concat(parts);
}

describe('bottomless generation ids', () => {
  it('reads the creation time from the reversed millisecond field', () => {
    for (const kind of BOTTOMLESS_KINDS) {
      for (const g of bottomlessBucket(kind).manifest.generations) {
        expect(generationCreatedMs(g.uuid)).toBe(BigInt(g.created_ms));
        expect(isVersion7(g.uuid)).toBe(true);
      }
    }
  });

  it('makes ids that sort newest first and read back their time', () => {
    const random = new Uint8Array(10).fill(0xab);
    const older = newGenerationId(1_700_000_000_000n, random);
    const newer = newGenerationId(1_700_000_000_001n, random);
    expect(newer < older).toBe(true);
    expect(generationCreatedMs(older)).toBe(1_700_000_000_000n);
    expect(isVersion7(older)).toBe(true);
    expect(parseDep(generationBytes(older))).toBe(older);
  });
});

describe('bottomless batch keys', () => {
  it('parses and formats the writer names', () => {
    const key = parseBatchKey('000000000021-000000000026-1728043240.raw');
    expect(key).toEqual({ firstFrameNo: 21, lastFrameNo: 26, timestampSecs: 1728043240, compression: 'raw' });
    expect(key && formatBatchKey(key)).toBe('000000000021-000000000026-1728043240.raw');
  });

  it('skips names that are not batches and refuses backwards ranges', () => {
    for (const name of [
      'db.zstd',
      '.meta',
      '000000000001-000000000002.gz',
      '1-2-3.xz',
      'a-2-3.gz',
      '1-4294967296-3.gz',
    ]) {
      expect(parseBatchKey(name), name).toBeNull();
    }
    const backwards = parseBatchKey('10-5-1700000000.gz');
    expect(backwards).not.toBeNull();
    expect(() => backwards && checkBatchRange('10-5-1700000000.gz', backwards)).toThrow(
      expect.objectContaining({ code: 'INVALID_SEGMENT_NAME' }),
    );
  });
});

describe('bottomless small objects', () => {
  it('round-trips .meta and the tombstone and refuses wrong sizes', () => {
    const meta = { pageSize: 4096, checksum: { s0: 1, s1: 0xffffffff } };
    expect(parseMeta(encodeMeta(meta))).toEqual(meta);
    expect(() => parseMeta(new Uint8Array(11))).toThrow(expect.objectContaining({ code: 'BAD_SIZE' }));
    expect(() => parseMeta(encodeMeta({ pageSize: 4095, checksum: { s0: 0, s1: 0 } }))).toThrow(
      expect.objectContaining({ code: 'BAD_PAGE_SIZE' }),
    );
    const tombstone = Buffer.alloc(8);
    tombstone.writeBigInt64BE(8210266876799n);
    expect(parseTombstone(tombstone)).toBe(8210266876799n);
    expect(() => parseTombstone(new Uint8Array(7))).toThrow(expect.objectContaining({ code: 'BAD_SIZE' }));
    expect(() => parseDep(new Uint8Array(15))).toThrow(expect.objectContaining({ code: 'BAD_SIZE' }));
    expect(parseChangeCounter(Uint8Array.of(0, 0, 1, 2))).toBe(258);
  });
});

describe('bottomless batches of the samples', () => {
  for (const kind of BOTTOMLESS_KINDS) {
    it(`${kind}: every generation's chain holds from .meta across its batches`, async () => {
      const { dir, manifest } = bottomlessBucket(kind);
      for (const g of manifest.generations) {
        const folder = join(dir, `${manifest.db_name}-${g.uuid}`);
        if (!g.meta) continue;
        const meta = parseMeta(readFileSync(join(folder, '.meta')));
        expect([meta.checksum.s0, meta.checksum.s1]).toEqual(g.meta.checksum);
        const state: BatchReadState = { checksum: meta.checksum, order: null };
        let next = 1;
        for (const batch of g.batches) {
          const key = parseBatchKey(batch.key);
          if (!key) throw new Error(batch.key);
          const bytes = await decompressAll(source(readFileSync(join(folder, batch.key))), key.compression, {
            maxBytes: 1 << 24,
            what: batch.key,
          });
          const frames: WalFrame[] = [];
          const reader = new BatchFrameReader(
            key.firstFrameNo,
            meta.pageSize,
            state,
            (f) => void frames.push({ ...f, page: f.page.slice() }),
          );
          reader.push(bytes);
          const summary = reader.finish();
          expect(summary).toEqual({ frames: batch.last - batch.first + 1, trailingBytes: 0, brokenAtFrame: null });
          expect(frames[0]?.frameNo).toBe(next);
          expect(frames.every((f) => f.salts[0] === g.meta?.salts[0] && f.salts[1] === g.meta.salts[1])).toBe(true);
          next = batch.last + 1;
        }
        expect(readdirSync(folder).filter((f) => parseBatchKey(f)).length).toBe(g.batches.length);
      }
    });
  }

  it('marks the first frame whose checksum breaks and continues from it', () => {
    const page = new Uint8Array(512).fill(7);
    const salts = [1, 2] as const;
    const a = encodeWalFrame({ pageNo: 1, sizeAfter: 0, salts, page }, { s0: 5, s1: 6 });
    const b = encodeWalFrame({ pageNo: 2, sizeAfter: 2, salts, page }, a.checksum);
    const damaged = Buffer.concat([a.bytes, b.bytes]);
    damaged[24 + 100] = 0;
    const seen: boolean[] = [];
    const reader = new BatchFrameReader(
      1,
      512,
      { checksum: { s0: 5, s1: 6 }, order: null },
      (f) => void seen.push(f.checksumOk),
    );
    reader.push(damaged);
    expect(reader.finish().brokenAtFrame).toBe(1);
    expect(seen).toEqual([false, true]);
  });
});

describe('bounded decompression', () => {
  const payload = Buffer.alloc(1 << 20, 'segscope');

  it('gz and raw stream back what went in', async () => {
    const gz = await decompressAll(source(gzipSync(payload)), 'gz', { maxBytes: 2 << 20, what: 'x' });
    expect(Buffer.compare(gz, payload)).toBe(0);
    expect((await decompressAll(source(payload), 'raw', { maxBytes: 2 << 20, what: 'x' })).length).toBe(payload.length);
  });

  it('a bomb ends in TOO_LARGE, a cut or corrupt stream in DECOMPRESSION_FAILED', async () => {
    const bomb = gzipSync(Buffer.alloc(64 << 20));
    await expect(decompressAll(source(bomb), 'gz', { maxBytes: 1 << 20, what: 'bomb.gz' })).rejects.toMatchObject({
      code: 'TOO_LARGE',
    });
    const gz = gzipSync(payload);
    await expect(
      decompressAll(source(gz.subarray(0, gz.length - 9)), 'gz', { maxBytes: 2 << 20, what: 'cut.gz' }),
    ).rejects.toMatchObject({ code: 'DECOMPRESSION_FAILED' });
    const bad = Buffer.from(gz);
    bad.fill(0x55, 20, 60);
    await expect(decompressAll(source(bad), 'gz', { maxBytes: 2 << 20, what: 'bad.gz' })).rejects.toMatchObject({
      code: 'DECOMPRESSION_FAILED',
    });
  });

  it('zstd of the samples decodes; cut, corrupt and bomb streams are typed', async () => {
    const { dir, manifest } = bottomlessBucket('zstd');
    const g = manifest.generations.find((x) => x.snapshot);
    if (!g?.snapshot) throw new Error('no snapshot in the zstd sample');
    const snapshot = readFileSync(join(dir, `${manifest.db_name}-${g.uuid}`, g.snapshot));
    const db = await decompressAll(source(snapshot), 'zstd', { maxBytes: 1 << 24, what: 'db.zstd' });
    expect(Buffer.from(db.subarray(0, 16)).toString('latin1')).toBe('SQLite format 3\0');
    await expect(decompressAll(source(snapshot), 'zstd', { maxBytes: 4096, what: 'db.zstd' })).rejects.toMatchObject({
      code: 'TOO_LARGE',
    });
    await expect(
      decompressAll(source(snapshot.subarray(0, snapshot.length - 20)), 'zstd', { maxBytes: 1 << 24, what: 'cut' }),
    ).rejects.toMatchObject({ code: 'DECOMPRESSION_FAILED' });
    const bad = Buffer.from(snapshot);
    bad.fill(0xff, 6, 40);
    await expect(decompressAll(source(bad), 'zstd', { maxBytes: 1 << 24, what: 'bad' })).rejects.toMatchObject({
      code: 'DECOMPRESSION_FAILED',
    });
    // A header that asks for a 2 GiB window is refused before anything is allocated.
    const forged = Buffer.from(snapshot);
    forged[4] = 0;
    forged[5] = 0xa8;
    await expect(decompressAll(source(forged), 'zstd', { maxBytes: 1 << 24, what: 'forged' })).rejects.toMatchObject({
      code: 'TOO_LARGE',
    });
  });
});
