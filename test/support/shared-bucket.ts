import { cp, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'vitest';
import { bottomlessBucket } from './bottomless-vectors.js';
import { runCli } from './cli.js';
import { LIBSQL_VECTORS } from './real-data.js';
import { tempDir } from './segments.js';

/**
 * One bucket folder (in `home` where given) holding three layouts and junk: the bottomless sample's generations of
 * database `default`, libsql-wal's `v2/` (cluster `cluster-1`, namespace `default` again), the
 * seed's folder for namespace `other` (cluster `c9`), and a folder no layout reads.
 */
export async function sharedBucket(home?: string): Promise<string> {
  // In a test its folders go when it ends; a suite's hook (beforeAll) gives a home, which it removes itself.
  const bucket = join(home ?? (await tempDir()), 'bucket');
  await cp(bottomlessBucket('raw').dir, bucket, { recursive: true });
  await cp(join(LIBSQL_VECTORS, 'bucket-v1'), bucket, { recursive: true });
  const sealed = join(LIBSQL_VECTORS, 'sqld/dbs/default/data-wal/00000000000000000030.seg');
  const seedArgs = ['--remote', `file://${bucket}`, '--cluster-id', 'c9', '--remote-layout', 'seed-bucket'];
  const store = home === undefined ? await tempDir() : join(home, 'seed-cache');
  await mkdir(store, { recursive: true });
  const stored = await runCli(['store', sealed, '--dir', store, ...seedArgs, '--namespace', 'other']);
  expect(stored.code, stored.err).toBe(0);
  await mkdir(join(bucket, 'backups-2024'));
  await writeFile(join(bucket, 'backups-2024', 'dump.sql'), 'select 1;\n');
  return bucket;
}
