import { cp, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { openLayout } from '../../core/layouts/open-layout.js';
import type { RestoreResult } from '../../core/model/results.js';
import type { RestoreOptions } from '../../core/restore/restore-contract.js';
import { sourceFromLayout } from '../../core/restore/restore-source.js';
import { restoreDatabase } from '../../core/restore/restore.js';
import { tempDir } from './segments.js';

/** The committed sample of sqld's default mode: namespaces `default` and `tenant-b`. */
export const SQLD_DEFAULT_SAMPLE = join(import.meta.dirname, '../vectors/sqld-default/data.sqld');

/** A writable copy of the sample's namespace tenant-b, changed by `edit` (given the namespace folder). */
export async function damagedTenantB(edit: (nsDir: string) => Promise<void>): Promise<string> {
  const root = join(await tempDir(), 'data.sqld');
  await cp(SQLD_DEFAULT_SAMPLE, root, { recursive: true });
  await edit(join(root, 'dbs', 'tenant-b'));
  return root;
}

export async function editFile(path: string, edit: (bytes: Buffer) => void): Promise<void> {
  const bytes = await readFile(path);
  edit(bytes);
  await writeFile(path, bytes);
}

/** Restores tenant-b into a fresh folder: what it gave or was refused with, and what the folder holds. */
export async function restoreTenantB(
  root: string,
  options: Partial<RestoreOptions> = {},
): Promise<{ result?: RestoreResult; error?: unknown; out: string; left: string[] }> {
  const out = join(await tempDir(), 'out.db');
  const source = await sourceFromLayout(await openLayout(root), 'tenant-b');
  const ran = await restoreDatabase(source, { out, allowGaps: false, durable: false, ...options }).then(
    (result) => ({ result }),
    (error: unknown) => ({ error }),
  );
  return { ...ran, out, left: await readdir(join(out, '..')) };
}
