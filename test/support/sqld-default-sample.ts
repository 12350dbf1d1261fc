import { readFileSync } from 'node:fs';
import { cp, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'vitest';
import { openLayout } from '../../core/layouts/open-layout.js';
import type { RestoreResult } from '../../core/model/results.js';
import type { RestoreOptions } from '../../core/restore/restore-contract.js';
import { sourceFromLayout } from '../../core/restore/restore-source.js';
import { restoreDatabase } from '../../core/restore/restore.js';
import { Database } from '../../core/sqlite/driver.js';
import { pythonDigest } from './python-digest.js';
import { tempDir } from './segments.js';

/** The committed sample of sqld's default mode: namespaces `default` and `tenant-b`. */
export const SQLD_DEFAULT_SAMPLE = join(import.meta.dirname, '../vectors/sqld-default/data.sqld');

/** What SQLite held in tenant-b right after the commit at log frame `frameNo`, as the sample's manifest says. */
export function digestAt(frameNo: number): string | undefined {
  const manifest = JSON.parse(readFileSync(join(SQLD_DEFAULT_SAMPLE, '..', 'manifest.json'), 'utf8')) as {
    namespaces: { name: string; commit_points: { frame_no: number; digest: string }[] }[];
  };
  const tenant = manifest.namespaces.find((n) => n.name === 'tenant-b');
  return tenant?.commit_points.find((p) => p.frame_no === frameNo)?.digest;
}

/** A writable copy of the sample in `home`, as `data.sqld`: its path. */
export async function sampleCopyIn(home: string): Promise<string> {
  const root = join(home, 'data.sqld');
  await cp(SQLD_DEFAULT_SAMPLE, root, { recursive: true });
  return root;
}

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

/** An edit of a wallog or to_compact log flipping a byte of the page at `slot`: its CRC-64 chain breaks there. */
export function flipLogPage(slot: number): (bytes: Buffer) => void {
  const at = 64 + slot * (24 + 4096) + 24 + 100;
  return (bytes) => bytes.writeUInt8(bytes.readUInt8(at) ^ 0xff, at);
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

/**
 * A restore of tenant-b asked for frame `until` that must stand at the point `frame` and give what
 * SQLite held there (the manifest's digest), quick_check ok.
 */
export async function expectTenantBAt(root: string, frame: number, until = frame): Promise<void> {
  const restored = await restoreTenantB(root, { untilFrameNo: BigInt(until) });
  expect(restored.result).toMatchObject({ untilFrameNo: BigInt(frame) });
  expect(pythonDigest(restored.out)).toBe(digestAt(frame));
  const db = new Database(restored.out, { readonly: true });
  expect(db.pragma('quick_check', { simple: true })).toBe('ok');
  db.close();
}
