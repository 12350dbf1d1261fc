import { cp, readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBinary } from '../../support/cli.js';
import { treeFingerprint } from '../../support/real-data.js';
import { tempDir } from '../../support/segments.js';

const SAMPLE = join(import.meta.dirname, '../../vectors/sqld-default/data.sqld');

interface Piece {
  file: string;
  format: string;
  startFrameNo: number;
  endFrameNo: number;
}

/**
 * Every file under `root` but the snapshots with its link count and inode change time: a hard link
 * to one changes both. A snapshot is never written again, so fetch may link it.
 */
async function inodes(root: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || entry.name.endsWith('.snap')) continue;
    const info = await stat(join(entry.parentPath, entry.name));
    out.push(`${join(entry.parentPath, entry.name)} ${info.nlink} ${info.ctimeMs}`);
  }
  return out.sort();
}

/**
 * Through the installed command (bin/segscope.cjs and its bundles): fetch --frame of a frame in
 * each snapshot and log of a default-mode namespace hands out that piece — a snapshot hard-linked,
 * a log sqld still appends to (the wallog) or one waiting in to_compact copied — a frame past the
 * log and a WAL frame are refused with their codes, store is refused READ_ONLY_LAYOUT, no file of
 * the data directory changes, and none but a snapshot gains a link or has its inode touched.
 */
async function checkNamespace(root: string, namespace: string): Promise<void> {
  const before = [await treeFingerprint(root, true), await inodes(root)];
  const listed = await runBinary(['list', root, '--namespace', namespace, '--json']);
  expect(listed.code).toBe(0);
  const pieces = (JSON.parse(listed.out) as { segments: Piece[] }).segments.filter((s) => s.format !== 'sqlite-wal');
  expect(new Set(pieces.map((p) => p.format))).toEqual(new Set(['sqld-snapshot', 'wallog']));
  for (const piece of pieces) {
    const frame = Math.floor((piece.startFrameNo + piece.endFrameNo) / 2);
    const dest = await tempDir();
    const run = await runBinary(['fetch', root, '--namespace', namespace, '--frame', `${frame}`, '--dest', `${dest}/`]);
    expect(run.err).toBe('');
    expect(run.out).toContain(`frame ${frame} is in ${piece.file} (local), fetched to ${dest}/`);
    const [fetched = ''] = await readdir(dest);
    const source = join(root, 'dbs', namespace, piece.file);
    expect(await readFile(join(dest, fetched))).toEqual(await readFile(source));
    const linked = (await stat(join(dest, fetched))).ino === (await stat(source)).ino;
    expect(linked, piece.file).toBe(piece.format === 'sqld-snapshot');
  }
  const end = Math.max(...pieces.map((p) => p.endFrameNo));
  const dest = await tempDir();
  const past = await runBinary([
    'fetch',
    root,
    '--namespace',
    namespace,
    '--frame',
    `${end + 1}`,
    '--dest',
    `${dest}/`,
  ]);
  expect(past.code).toBe(1);
  expect(past.err).toBe(
    `segscope: FRAME_NOT_FOUND: no segment of namespace "${namespace}" in ${root} holds frame ${end + 1}\n`,
  );
  const wal = await runBinary(['fetch', root, '--namespace', namespace, '--frame', 'wal:1', '--dest', `${dest}/`]);
  expect(wal.code).toBe(2);
  expect(wal.err).toMatch(/^segscope: INVALID_ARGUMENT: --frame wal:1 is a frame of the namespace's SQLite WAL file/);
  expect(await readdir(dest)).toEqual([]);

  const stored = await runBinary(['store', join(root, 'dbs', namespace, 'wallog'), '--dir', root]);
  expect(stored.code).toBe(1);
  expect(stored.err).toContain('READ_ONLY_LAYOUT');
  expect([await treeFingerprint(root, true), await inodes(root)]).toEqual(before);
}

describe('fetch and store on a default-mode sqld namespace, through the installed command', () => {
  it("the sample directory's namespace with pending logs (tenant-b)", async () => {
    const root = join(await tempDir(), 'data.sqld');
    await cp(SAMPLE, root, { recursive: true, preserveTimestamps: true });
    await checkNamespace(root, 'tenant-b');
  });

  it("the demo's default-mode namespace (classic)", async () => {
    const root = join(await tempDir(), 'data.sqld');
    expect((await runBinary(['demo', root, '--segments', '6'])).code).toBe(0);
    await checkNamespace(root, 'classic');
  });
});
