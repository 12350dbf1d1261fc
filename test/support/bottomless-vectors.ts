import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { cp } from 'node:fs/promises';
import { join } from 'node:path';
import { Database } from '../../core/sqlite/driver.js';
import { tempDir } from './segments.js';
import { VECTORS } from './vectors.js';

/** The bottomless sample buckets (one per compression), written by an independent generator. */
export const BOTTOMLESS_VECTORS = join(VECTORS, 'bottomless');

export interface BottomlessManifest {
  db_name: string;
  compression: 'zstd' | 'gz' | 'raw';
  page_size: number;
  generations: {
    uuid: string;
    created_ms: number;
    parent: string | null;
    snapshot: string | null;
    changecounter: string | null;
    meta: { page_size: number; checksum: [number, number]; salts: [number, number] } | null;
    batches: { key: string; first: number; last: number; ts: number }[];
    /** Frames at the end of the generation that never committed. */
    tail_frames: number;
  }[];
  commit_points: { generation: string; frame: number; time: number; digest: string; tombstoned: boolean }[];
  time_points: { t: number; generation: string | null; frame: number; digest: string; error: string | null }[];
}

export const BOTTOMLESS_KINDS = ['zstd', 'gz', 'raw'] as const;

export function bottomlessBucket(kind: (typeof BOTTOMLESS_KINDS)[number]): {
  dir: string;
  manifest: BottomlessManifest;
} {
  const manifest = JSON.parse(
    readFileSync(join(BOTTOMLESS_VECTORS, `bucket-${kind}.manifest.json`), 'utf8'),
  ) as BottomlessManifest;
  return { dir: join(BOTTOMLESS_VECTORS, `bucket-${kind}`), manifest };
}

/**
 * The points `points` lists for a sample, as `<generation>:<frame>`, oldest generation first: each
 * generation's start (frame 0, where a restore before its first commit stands), then its commits.
 */
export function listedPoints(manifest: BottomlessManifest): { generation: string; frame: number }[] {
  return [...manifest.generations]
    .sort((a, b) => a.created_ms - b.created_ms)
    .flatMap((g) => [
      { generation: g.uuid, frame: 0 },
      ...manifest.commit_points.filter((p) => p.generation === g.uuid),
    ]);
}

/** A writable copy of a sample bucket, and its manifest, in a fresh folder. */
export async function copyBottomlessBucket(
  kind: (typeof BOTTOMLESS_KINDS)[number],
): Promise<{ root: string; manifest: BottomlessManifest; folder: (uuid: string) => string }> {
  const { dir, manifest } = bottomlessBucket(kind);
  const root = join(await tempDir(), 'bucket');
  await cp(dir, root, { recursive: true });
  return { root, manifest, folder: (uuid) => join(root, `${manifest.db_name}-${uuid}`) };
}

/** Python's repr of the values SQLite gives back (int, str, bytes, None), as the manifests' digests use it. */
function quoted(chars: string[], hasSingle: boolean, hasDouble: boolean, prefix: string): string {
  const quote = hasSingle && !hasDouble ? '"' : "'";
  return `${prefix}${quote}${chars.map((c) => (c === quote || c === '\\' ? `\\${c}` : c)).join('')}${quote}`;
}

function escapeCode(code: number, printable: boolean): string {
  if (code === 9) return '\\t';
  if (code === 10) return '\\n';
  if (code === 13) return '\\r';
  if (code < 32 || code === 127 || !printable) return `\\x${code.toString(16).padStart(2, '0')}`;
  return String.fromCharCode(code);
}

export function pyRepr(value: unknown): string {
  if (value === null) return 'None';
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) throw new Error(`a float in a sample table: ${value}`);
    return value.toString();
  }
  if (Buffer.isBuffer(value)) {
    const chars = Array.from(value, (b) => escapeCode(b, b < 127));
    return quoted(chars, value.includes(0x27), value.includes(0x22), 'b');
  }
  if (typeof value === 'string') {
    const chars = Array.from(value, (c) => (c.charCodeAt(0) < 128 ? escapeCode(c.charCodeAt(0), true) : c));
    return quoted(chars, value.includes("'"), value.includes('"'), '');
  }
  if (Array.isArray(value)) {
    const items = value.map(pyRepr);
    return `(${items.join(', ')}${items.length === 1 ? ',' : ''})`;
  }
  throw new Error(`no Python repr for ${typeof value}`);
}

const listRepr = (rows: unknown[][]): string => `[${rows.map(pyRepr).join(', ')}]`;

/** The manifests' digest: SHA-256 over the schema and every table's rows, as their generator took it. */
export function sampleDigest(path: string): string {
  const db = new Database(path, { readonly: true });
  try {
    db.defaultSafeIntegers(true);
    const h = createHash('sha256');
    h.update(
      listRepr(
        db
          .prepare('SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name')
          .raw()
          .all() as unknown[][],
      ),
    );
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name").raw().all() as [
      string,
    ][];
    for (const [name] of tables) {
      const rows = db
        .prepare(`SELECT rowid, * FROM "${name.replace(/"/g, '""')}" ORDER BY rowid`)
        .raw()
        .all() as unknown[][];
      h.update(Buffer.concat([Buffer.from(name), Buffer.from([0]), Buffer.from(listRepr(rows))]));
    }
    return h.digest('hex');
  } finally {
    db.close();
  }
}

/** `restore`'s arguments after the location for one of a manifest's commit points, with --json. */
export function restoreAtArgs(point: { generation: string; frame: number }, out: string): string[] {
  return ['--out', out, '--generation', point.generation, '--until-frame', String(point.frame), '--json'];
}

/** A listed row of a bottomless namespace, as much of it as the manifest tells. */
export interface ExpectedRow {
  file: string;
  generation: string;
  format: 'bottomless-snapshot' | 'bottomless-batch';
  startFrameNo: number;
  endFrameNo: number;
}

/**
 * The rows `list` gives a sample, in order: each generation's snapshot (its point 0, before frame 1),
 * then its batches.
 */
export function expectedRows(manifest: BottomlessManifest): ExpectedRow[] {
  return manifest.generations.flatMap((g) => {
    const folder = `${manifest.db_name}-${g.uuid}/`;
    const snapshot: ExpectedRow[] = g.snapshot
      ? [
          {
            file: folder + g.snapshot,
            generation: g.uuid,
            format: 'bottomless-snapshot',
            startFrameNo: 0,
            endFrameNo: 0,
          },
        ]
      : [];
    return [
      ...snapshot,
      ...g.batches.map((b) => ({
        file: folder + b.key,
        generation: g.uuid,
        format: 'bottomless-batch' as const,
        startFrameNo: b.first,
        endFrameNo: b.last,
      })),
    ];
  });
}
