import { appendFile, cp, rm, truncate, writeFile } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listNamespace } from '../../../core/inspect/list-namespace.js';
import { ListingCache } from '../../../core/layouts/listing-cache.js';
import { SeedDirLayout } from '../../../core/layouts/seed-dir.js';
import { SqldDataDirLayout } from '../../../core/layouts/sqld-data-dir.js';
import { copyVector } from '../../support/real-data.js';
import { buildSegment, keyFor, tempDir, writeSegmentDir } from '../../support/segments.js';

/** Past the window in which a change may share its timestamp with the next one. */
const settle = () => new Promise((r) => setTimeout(r, 150));

/** Two settled segments in a seed folder, and a layout that keeps what it lists. */
async function twoSegmentsKept() {
  const prefix = await tempDir();
  await writeSegmentDir(prefix, [
    { start: 1n, end: 5n },
    { start: 6n, end: 9n },
  ]);
  await settle();
  return { prefix, dir: join(prefix, 'segments'), layout: new SeedDirLayout(prefix, new ListingCache()) };
}

describe('a layout kept open lists again only what changed', () => {
  it('an unchanged folder gives the same listing, from what it read the last time', async () => {
    const prefix = await tempDir();
    await writeSegmentDir(prefix, [
      { start: 1n, end: 5n },
      { start: 6n, end: 9n },
      { start: 10n, end: 12n },
    ]);
    await settle();
    const cache = new ListingCache();
    const layout = new SeedDirLayout(prefix, cache);
    const first = await listNamespace(layout, 'default');
    const delivered: unknown[] = [];
    const again = await listNamespace(layout, 'default', { rows: 2, deliver: (rows) => delivered.push(rows) });
    expect([...again.segments]).toEqual([...first.segments]);
    expect(again.segments.length).toBe(3);
    // Every file and the folder as they were: the last listing itself, its first rows given too.
    expect(again.segments).toBe(first.segments);
    expect(delivered).toEqual([[...first.segments].slice(0, 2)]);
    // Kept from the first listing, and given back without reading the files while their stat holds.
    const dir = join(prefix, 'segments');
    await cache.withFiles(dir, `${dir}${sep}`, async (kept) => {
      for (const s of first.segments)
        expect(kept.get(s.file)).toMatchObject({ row: { file: s.file, startFrameNo: s.startFrameNo, status: 'ok' } });
    });
  });

  it(
    'sees a file written in place, one added, one removed, ' + 'and one whose listing was too recent to trust',
    async () => {
      const { dir, layout } = await twoSegmentsKept();
      const first = await listNamespace(layout, 'default');
      expect([...first.segments].map((s) => s.status)).toEqual(['ok', 'ok']);
      // Written in place: the folder's stat does not move, the file's does.
      await truncate(join(dir, keyFor(6n, 9n)), 20);
      await settle();
      expect([...(await listNamespace(layout, 'default')).segments].map((s) => s.status)).toEqual([
        'ok',
        'not_a_segment',
      ]);
      await rm(join(dir, keyFor(1n, 5n)));
      await writeFile(join(dir, keyFor(10n, 12n)), buildSegment({ start: 10n, end: 12n }));
      // No settling: this listing happens within the window, so it is read, not trusted...
      const fresh = await listNamespace(layout, 'default');
      expect([...fresh.segments].map((s) => s.file)).toEqual([keyFor(6n, 9n), keyFor(10n, 12n)]);
      // ...and a change right after it, within the same clock tick, is still seen.
      await appendFile(join(dir, keyFor(10n, 12n)), 'x');
      expect([...(await listNamespace(layout, 'default')).segments].map((s) => s.status)).toEqual([
        'not_a_segment',
        'trailing_data',
      ]);
    },
  );

  it('listings of one folder at the same time take turns and each sees what is there', async () => {
    const { prefix, dir, layout } = await twoSegmentsKept();
    await listNamespace(layout, 'default');
    const both = listNamespace(layout, 'default');
    await truncate(join(dir, keyFor(6n, 9n)), 20);
    const [during, after] = await Promise.all([both, listNamespace(layout, 'default')]);
    expect([...during.segments].map((s) => s.file)).toEqual([keyFor(1n, 5n), keyFor(6n, 9n)]);
    expect([...after.segments].map((s) => s.status)).toEqual(['ok', 'not_a_segment']);
    expect([...(await listNamespace(new SeedDirLayout(prefix), 'default')).segments]).toEqual([...after.segments]);
  });

  it('a sqld namespace: an unsealed segment growing in place is read again', async () => {
    const root = await copyVector('sqld');
    await settle();
    const layout = new SqldDataDirLayout(root, null, new ListingCache());
    const first = await listNamespace(layout, 'default');
    const last = [...first.segments].at(-1);
    if (!last) throw new Error('the vector has no segments');
    const copy = join(await tempDir(), 'copy.seg');
    await cp(last.path, copy);
    await appendFile(last.path, new Uint8Array(4116));
    const grown = await listNamespace(layout, 'default');
    expect([...grown.segments].at(-1)?.size).toBe(last.size + 4116n);
    expect([...grown.segments].slice(0, -1)).toEqual([...first.segments].slice(0, -1));
  });
});
