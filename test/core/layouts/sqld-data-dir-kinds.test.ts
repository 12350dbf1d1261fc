import { cp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listNamespace, listNamespaces } from '../../../core/inspect/list-namespace.js';
import { openLayout } from '../../../core/layouts/open-layout.js';
import { sourceFromLayout } from '../../../core/restore/restore-source.js';
import { restoreDatabase } from '../../../core/restore/restore.js';
import { Database } from '../../../core/sqlite/driver.js';
import { pythonDigest } from '../../support/python-digest.js';
import { treeFingerprint } from '../../support/real-data.js';
import { tempDir } from '../../support/segments.js';

const SAMPLE = join(import.meta.dirname, '../../vectors/sqld-default/data.sqld');
// The sample's tenant-b after its last commit (its manifest's final digest).
const TENANT_B_DIGEST = '5464ea0ad86ef85a418057f47abe471951bab15dc28d3fd99e1307be8da4e888';

/** metadata.DatabaseConfig by hand: block_writes (2) true, max_db_pages (4) 1000, bottomless_db_id (6), jwt_key (7). */
const CONFIG = Uint8Array.from([
  0x10,
  0x01,
  0x20,
  0xe8,
  0x07,
  0x32,
  0x03,
  ...Buffer.from('abc'),
  0x3a,
  0x06,
  ...Buffer.from('secret'),
]);

describe('a sqld data directory: its metastore, .version, _dbs/ and the layout before 0.18', () => {
  it("namespaces shows each namespace's configuration, one committed only in the metastore's WAL too", async () => {
    const root = join(await tempDir(), 'data.sqld');
    await cp(SAMPLE, root, { recursive: true });
    // The sample's configurations as sqld 0.24.32 wrote them (decoded by hand from the blobs).
    const sqldDefaults = {
      max_db_pages: 244140625000000,
      txn_timeout_s: 5,
      max_row_size: 5000000,
      shared_schema: false,
      durability_mode: 0,
    };
    // sqld holds its metastore open: tenant-b's new configuration is only in the WAL, never checkpointed.
    const meta = new Database(join(root, 'metastore', 'data'));
    try {
      meta.pragma('wal_autocheckpoint = 0');
      const update = meta.prepare('UPDATE namespace_configs SET config = ? WHERE namespace = ?');
      update.run(CONFIG, 'tenant-b');
      const before = await treeFingerprint(join(root, 'metastore'));
      const found = await listNamespaces(await openLayout(root));
      expect(found.namespaces.map((n) => [n.name, n.config])).toEqual([
        ['default', sqldDefaults],
        ['tenant-b', { block_writes: true, max_db_pages: 1000, bottomless_db_id: 'abc', jwt_key: '(set)' }],
      ]);
      expect(found.notes).toEqual([
        'written by sqld 0.24.32 (.version)',
        'metastore: the configuration of 2 namespace(s), read from a copy',
      ]);
      expect(await treeFingerprint(join(root, 'metastore'))).toEqual(before);
      // Nothing locked: sqld's connection goes on writing.
      update.run(Uint8Array.from([0x08, 0x01]), 'default');
    } finally {
      meta.close();
    }
  });

  it('a _dbs/ left by an interrupted migration is named, and a namespace in it opens by its name', async () => {
    const root = join(await tempDir(), 'data.sqld');
    await cp(SAMPLE, root, { recursive: true });
    await cp(join(root, 'dbs', 'tenant-b'), join(root, '_dbs', 'tenant-b'), { recursive: true });
    const found = await listNamespaces(await openLayout(root));
    expect(
      found.notes?.some((n) => n.startsWith('_dbs/ holds 1 namespace folder(s) (tenant-b): a --migrate-bottomless')),
    ).toBe(true);
    const old = await openLayout(join(root, '_dbs', 'tenant-b'));
    expect(old.defaultNamespace).toBe('tenant-b');
    expect((await listNamespace(old, 'tenant-b')).maxFrameNo).toBe(175n);
  });

  it(
    "a _dbs/ namespace's wallog or data-wal opens that " + 'folder, not the namespace of the same name in dbs/',
    async () => {
      const root = join(await tempDir(), 'data.sqld');
      await cp(SAMPLE, root, { recursive: true });
      await cp(join(root, 'dbs', 'tenant-b'), join(root, '_dbs', 'tenant-b'), { recursive: true });
      // With dbs/tenant-b gone, opening the wrong folder could not read the namespace at all.
      await rm(join(root, 'dbs', 'tenant-b'), { recursive: true });
      for (const part of ['wallog', 'data-wal']) {
        const layout = await openLayout(join(root, '_dbs', 'tenant-b', part));
        expect(layout.defaultNamespace).toBe('tenant-b');
        expect(layout.root).toBe(join(root, '_dbs', 'tenant-b'));
        expect((await listNamespace(layout, 'tenant-b')).maxFrameNo).toBe(175n);
      }
    },
  );

  it('before 0.18 (no dbs/, no .version): the database at the top is the namespace default', async () => {
    const root = join(await tempDir(), 'old.sqld');
    await cp(join(SAMPLE, 'dbs', 'tenant-b'), root, { recursive: true });
    const layout = await openLayout(root);
    const found = await listNamespaces(layout);
    expect(found.namespaces.map((n) => [n.name, n.maxFrameNo])).toEqual([['default', 175n]]);
    expect(found.notes?.[0]).toMatch(/^a data directory of sqld before 0\.18/);
    const out = join(await tempDir(), 'restored.db');
    await restoreDatabase(await sourceFromLayout(layout, 'default'), { out, allowGaps: false });
    expect(pythonDigest(out)).toBe(TENANT_B_DIGEST);
    const db = new Database(out, { readonly: true });
    expect(db.pragma('quick_check', { simple: true })).toBe('ok');
    db.close();
  });
});
