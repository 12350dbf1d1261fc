import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqldDataDirLayout } from '../../../core/layouts/sqld-data-dir.js';
import { restoreDatabase } from '../../../core/restore/restore.js';
import { sourceFromLayout } from '../../../core/restore/restore-source.js';
import { Database } from '../../../core/sqlite/driver.js';
import { filesEqual } from '../../../core/storage/files-equal.js';
import { writeCompactedNamespace } from '../../support/compacted-namespace.js';
import { editFile } from '../../support/sqld-default-sample.js';

/** A snapshot this large has its CRC-64 chain proven on the restore's second thread. */
const SNAPSHOT_PAGES = 32_768;
const SNAP_HEADER = 48;
const SNAP_FRAME = 24 + 4096;

/*
 * A ~135 MB database: one snapshot of 32,768 pages (frames 0..32767, newest first), the rest in
 * the wallog. Each row's 3,500 random bytes fill most of a leaf page, so a byte flipped at 2,000
 * into a page lands in a row's blob, where SQLite's quick_check does not look: only the chain
 * catches it.
 */
describe('a default-mode restore from snapshots large enough for the second thread', () => {
  let root: string;
  let source: string;
  let snapshot: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'segscope-large-snapshot-'));
    source = join(root, 'source.db');
    const db = new Database(source);
    db.exec('CREATE TABLE blobs (id INTEGER PRIMARY KEY, data BLOB NOT NULL)');
    const insert = db.prepare('INSERT INTO blobs (data) VALUES (randomblob(3500))');
    db.transaction(() => {
      for (let i = 0; i < SNAPSHOT_PAGES + 200; i++) insert.run();
    })();
    db.close();
    const names = await writeCompactedNamespace(source, join(root, 'data', 'dbs', 'default'), SNAPSHOT_PAGES);
    expect(names).toHaveLength(1);
    snapshot = join(root, 'data', 'dbs', 'default', 'snapshots', names[0] as string);
  }, 120_000);
  afterAll(() => rm(root, { recursive: true, force: true }));

  const restore = async (out: string) =>
    restoreDatabase(await sourceFromLayout(new SqldDataDirLayout(join(root, 'data')), 'default'), {
      out,
      allowGaps: false,
    });

  it('restores the database byte for byte', async () => {
    const out = join(root, 'whole.db');
    await restore(out);
    expect(await filesEqual(source, out)).toBe(true);
  }, 60_000);

  it('a byte flipped in a page of the snapshot is CHAIN_BROKEN at its frame, and nothing is written', async () => {
    // Slot 16,000 holds frame 32,767 - 16,000 (newest first).
    const slot = 16_000;
    await editFile(snapshot, (bytes) => {
      const at = SNAP_HEADER + slot * SNAP_FRAME + 24 + 2000;
      bytes[at] = (bytes[at] as number) ^ 0x5a;
    });
    const out = join(root, 'flipped.db');
    await expect(restore(out)).rejects.toMatchObject({
      code: 'CHAIN_BROKEN',
      message: expect.stringContaining(`the CRC-64 chain breaks at frame ${SNAPSHOT_PAGES - 1 - slot} `),
    });
    expect((await readdir(root)).filter((name) => name.includes('flipped'))).toEqual([]);
  }, 60_000);
});
