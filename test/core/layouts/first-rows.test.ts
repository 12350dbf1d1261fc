import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSegscopeApi } from '../../../core/api/api.js';
import type { FirstRows, ListResult, ListedSegment } from '../../../core/model/results.js';
import { invokeApi } from '../../../core/api/schemas.js';
import { formatSegmentKey } from '../../../core/format/segment-key.js';
import { listNamespace } from '../../../core/inspect/list-namespace.js';
import { LooseDirLayout } from '../../../core/layouts/flat-dirs.js';
import type { Layout } from '../../../core/layouts/layout.js';
import { ListingCache } from '../../../core/layouts/listing-cache.js';
import { SeedDirLayout } from '../../../core/layouts/seed-dir.js';
import { SqldDataDirLayout } from '../../../core/layouts/sqld-data-dir.js';
import { buildSqldNamespace } from '../../bench/sqld-dir-fixture.js';
import { buildSegment, tempDir } from '../../support/segments.js';

/** Past the window in which a change may share its timestamp with the next one. */
const settle = () => new Promise((r) => setTimeout(r, 150));

/**
 * A seed folder whose rows' order is not readdir's: ranges written in a shuffled order, ranges
 * that share a start (ties broken by end, then by name), junk, and a folder named like a segment.
 */
async function seedFolder(count: number): Promise<string> {
  const prefix = await tempDir();
  const dir = join(prefix, 'segments');
  await mkdir(dir, { recursive: true });
  const specs = Array.from({ length: count }, (_, i) => {
    const start = BigInt(1 + 10 * Math.floor(i / 3));
    return { start, end: start + BigInt(2 + (i % 2) * 5), createdAt: BigInt(1_700_000_000 + (i % 3)) };
  });
  // A fixed shuffle, so a failure can be run again.
  let seed = 7;
  for (let i = specs.length - 1; i > 0; i--) {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    const j = seed % (i + 1);
    [specs[i], specs[j]] = [specs[j] as (typeof specs)[number], specs[i] as (typeof specs)[number]];
  }
  for (const s of specs) {
    await writeFile(
      join(dir, formatSegmentKey({ startFrameNo: s.start, endFrameNo: s.end, createdAt: s.createdAt })),
      buildSegment({ start: s.start, end: s.end }),
    );
  }
  await writeFile(join(dir, 'notes.txt'), 'not a segment');
  await mkdir(join(dir, formatSegmentKey({ startFrameNo: 5n, endFrameNo: 6n, createdAt: 1n })));
  return prefix;
}

/** Lists with a watch for the first `rows`; says what it delivered and whether the listing had ended by then. */
async function listWatched(layout: Layout, rows: number) {
  const delivered: { rows: ListedSegment[]; candidates: number; listingEnded: boolean }[] = [];
  let ended = false;
  const listing = await listNamespace(layout, layout.defaultNamespace, {
    rows,
    deliver: (first, candidates) => delivered.push({ rows: first, candidates, listingEnded: ended }),
  });
  ended = true;
  return { listing, all: [...listing.segments], delivered };
}

describe('a listing gives its first rows before it has read the rest', () => {
  it(
    'in a seed folder: exactly the first rows of the sorted ' +
      'listing, while the others are unread, and again on Reload',
    async () => {
      const prefix = await seedFolder(600);
      await settle();
      const layout = new SeedDirLayout(prefix, new ListingCache());
      for (const pass of ['first listing', 'Reload'] as const) {
        const { listing, all, delivered } = await listWatched(layout, 100);
        expect(all, pass).toHaveLength(600);
        expect(delivered, pass).toHaveLength(1);
        expect(delivered[0]?.listingEnded, pass).toBe(false);
        expect(delivered[0]?.candidates, pass).toBe(601);
        expect(delivered[0]?.rows, pass).toEqual(all.slice(0, 100));
        // The rows came out in order: the listing is its own sorted form.
        expect(listing.segments.sortedByRange(), pass).toBe(listing.segments);
        expect(listing.unrecognized.map((u) => u.code).sort(), pass).toEqual(['INVALID_SEGMENT_NAME', 'NOT_A_SEGMENT']);
      }
    },
  );

  it('in a sqld namespace, whose names carry only the start', async () => {
    const root = await tempDir();
    await buildSqldNamespace(root, 300);
    const { all, delivered } = await listWatched(new SqldDataDirLayout(root), 50);
    expect(all).toHaveLength(300);
    expect(delivered).toHaveLength(1);
    expect(delivered[0]?.listingEnded).toBe(false);
    expect(delivered[0]?.rows).toEqual(all.slice(0, 50));
    expect(delivered[0]?.rows.map((r) => r.endFrameNo)).toEqual(
      Array.from({ length: 50 }, (_, i) => BigInt(2 * i + 2)),
    );
  });

  it(
    'not before the end where the names do not tell the order: ' +
      'unnamed files, or one start with an end only the header knows',
    async () => {
      const unnamed = await tempDir();
      await writeFile(join(unnamed, 'b'), buildSegment({ start: 1n, end: 4n }));
      await writeFile(join(unnamed, 'a'), buildSegment({ start: 5n, end: 9n }));
      const plain = await listWatched(new LooseDirLayout(unnamed), 1);
      expect(plain.delivered).toEqual([]);
      expect(plain.all.map((s) => s.file)).toEqual(['b', 'a']);

      const ambiguous = await tempDir();
      const sqld = await tempDir();
      await buildSqldNamespace(sqld, 3);
      // Starts at frame 5 by its name, ending where its header says (6); beside it a seed key 5-5.
      await copyFile(
        join(sqld, 'dbs', 'default', 'data-wal', '00000000000000000005.seg'),
        join(ambiguous, '00000000000000000005.seg'),
      );
      await writeFile(
        join(ambiguous, formatSegmentKey({ startFrameNo: 5n, endFrameNo: 5n, createdAt: 1n })),
        buildSegment({ start: 5n, end: 5n }),
      );
      const tied = await listWatched(new LooseDirLayout(ambiguous), 1);
      expect(tied.delivered).toEqual([]);
      expect(tied.all.map((s) => [s.startFrameNo, s.endFrameNo])).toEqual([
        [5n, 5n],
        [5n, 6n],
      ]);
    },
  );
});

describe('listFirst through the API', () => {
  const newApi = () => createSegscopeApi({ dir: null, layout: null, namespace: 'default', remote: { kind: 'none' } });

  it(
    'answers with the first rows, and the next list with ' + 'that same listing whole; the one after reads again',
    async () => {
      const prefix = await seedFolder(300);
      const api = newApi();
      await invokeApi(api, 'openDirectory', { dir: prefix });
      const first = (await invokeApi(api, 'listFirst', { rows: 20 })) as FirstRows;
      expect(first).toMatchObject({ namespace: 'default', complete: false, candidates: 301 });
      // Written after listFirst began reading: the listing it started does not have it, the next one does.
      await writeFile(
        join(prefix, 'segments', formatSegmentKey({ startFrameNo: 5000n, endFrameNo: 5001n, createdAt: 1n })),
        buildSegment({ start: 5000n, end: 5001n }),
      );
      const whole = (await invokeApi(api, 'list', {})) as ListResult;
      expect(whole.segments).toHaveLength(300);
      expect(whole.segments.slice(0, 20)).toEqual(first.segments);
      expect(((await invokeApi(api, 'list', {})) as ListResult).segments).toHaveLength(301);
    },
  );

  it('leaves a listing that failed behind: the next list reads afresh', async () => {
    const root = await tempDir();
    await buildSqldNamespace(root, 3);
    const api = newApi();
    await invokeApi(api, 'openDirectory', { dir: root });
    await invokeApi(api, 'selectNamespace', { namespace: 'later' });
    await expect(invokeApi(api, 'listFirst', { rows: 20 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await mkdir(join(root, 'dbs', 'later', 'data-wal'), { recursive: true });
    expect(((await invokeApi(api, 'list', {})) as ListResult).segments).toEqual([]);
  });

  it(
    "answers complete, with the whole listing's first rows, " +
      'when the listing ends first; and refuses a silly row count',
    async () => {
      const prefix = await seedFolder(5);
      const api = newApi();
      await invokeApi(api, 'openDirectory', { dir: prefix });
      const first = (await invokeApi(api, 'listFirst', { rows: 20 })) as FirstRows;
      expect(first).toMatchObject({ complete: true, candidates: 5 });
      expect(first.segments).toEqual(((await invokeApi(api, 'list', {})) as ListResult).segments);
      await expect(invokeApi(api, 'listFirst', { rows: 0 })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
      await expect(invokeApi(api, 'listFirst', { rows: 1e9 })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    },
  );
});
