import { createHash } from 'node:crypto';
import { cp, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Database } from '../../core/sqlite/driver.js';
import { expect } from 'vitest';
import { VECTORS } from './vectors.js';
import { tempDir } from './segments.js';

export const LIBSQL_VECTORS = join(VECTORS, 'libsql-wal');

export interface Manifest {
  expected_at_frame: Record<string, { rows: number; sha256: string }>;
  sqld: {
    segments: { file: string; start: number; end: number; sealed: boolean; salt: number }[];
    checkpointed_frame_no: number;
    log_id: string;
  };
  buckets: {
    root: string;
    format: string;
    cluster: string;
    objects: { key: string; start: number; end: number; segment: string; index: string }[];
  }[];
  toolkit: { outputs: { seg: string; idx: string; start: number; end: number }[] };
}

export async function manifest(): Promise<Manifest> {
  return JSON.parse(await readFile(join(LIBSQL_VECTORS, 'manifest.json'), 'utf8')) as Manifest;
}

/** A writable copy of a vector folder in a temporary directory (the vectors stay untouched). */
export async function copyVector(relative: string): Promise<string> {
  const dir = await tempDir();
  const target = join(dir, relative.split('/').at(-1) ?? 'copy');
  await cp(join(LIBSQL_VECTORS, relative), target, { recursive: true });
  return target;
}

/** The manifest's digest of table t: `${id}|${k}|${hex(v)}\n` for every row in id order. */
export function rowsDigest(path: string): { rows: number; sha256: string } {
  const db = new Database(path, { readonly: true });
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const rows = db
      .prepare<[], { id: number; k: string | null; v: Buffer | null }>('SELECT id, k, v FROM t ORDER BY id')
      .all();
    const text = rows.map((r) => `${r.id}|${r.k ?? ''}|${r.v ? r.v.toString('hex') : ''}\n`).join('');
    return { rows: rows.length, sha256: createHash('sha256').update(text).digest('hex') };
  } finally {
    db.close();
  }
}

type Rows = Record<string, unknown[]>;

export function tablesOf(db: Database): Rows {
  const names = db
    .prepare<[], { name: string }>("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
    .all();
  return Object.fromEntries(
    names.map(({ name }) => [name, db.prepare(`SELECT * FROM "${name}" ORDER BY rowid`).all()]),
  );
}

/** The restored file is a sound database holding exactly the snapshot's rows. */
export async function expectSameDatabase(restoredPath: string, snapshot: Uint8Array | null): Promise<void> {
  const snapshotPath = `${restoredPath}.expected`;
  // The snapshot's header says WAL mode, which SQLite opens only from a file, not from memory.
  await writeFile(snapshotPath, snapshot ?? new Uint8Array());
  const restored = new Database(restoredPath);
  const expected = new Database(snapshotPath);
  try {
    expect(restored.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(tablesOf(restored)).toEqual(tablesOf(expected));
  } finally {
    restored.close();
    expected.close();
  }
}

/**
 * Every file under a folder with its size, mode and a hash: a test's proof that nothing changed.
 * `withTimes` adds each file's and folder's modification time, so even a rewrite of the same bytes shows.
 */
export async function treeFingerprint(root: string, withTimes = false): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    for (const entry of (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(dir, entry.name);
      const time = withTimes ? ` ${(await stat(path)).mtimeMs}` : '';
      if (entry.isDirectory()) {
        out.push(`${path}/${time}`);
        await walk(path);
      } else {
        const info = await stat(path);
        out.push(
          `${path} ${info.size} ${info.mode} ${createHash('sha256')
            .update(await readFile(path))
            .digest('hex')}${time}`,
        );
      }
    }
  };
  await walk(root);
  return out;
}
