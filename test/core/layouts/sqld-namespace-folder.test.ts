import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listNamespaces } from '../../../core/inspect/list-namespace.js';
import { openLayout } from '../../../core/layouts/open-layout.js';
import { readNamespaceFolder } from '../../../core/layouts/sqld-namespace-folder.js';
import { DATA, DATA_WAL, SNAPSHOTS, WALLOG } from '../../../core/format/sqld-names.js';
import { tempDir } from '../../support/segments.js';

/** A folder holding `files` (empty files) and `folders`. */
async function folderWith(files: string[], folders: string[] = []): Promise<string> {
  const dir = join(await tempDir(), 'ns');
  await mkdir(dir);
  for (const f of folders) await mkdir(join(dir, f));
  for (const f of files) await writeFile(join(dir, f), '');
  return dir;
}

describe('what a folder holds of a sqld namespace: one reading for detection, a lone folder and its kind', () => {
  it('reads the kind, whether sqld logs there, and whether it holds a namespace at all', async () => {
    const cases: [string[], string[], { kind: string; logged: boolean; files: boolean }][] = [
      [[DATA], [DATA_WAL], { kind: 'libsql-wal', logged: true, files: true }],
      [[DATA, DATA_WAL], [], { kind: 'default-mode', logged: true, files: true }],
      [[WALLOG], [], { kind: 'default-mode', logged: true, files: true }],
      [[], [SNAPSHOTS], { kind: 'default-mode', logged: false, files: false }],
      [[DATA], [], { kind: 'libsql-wal', logged: false, files: true }],
      [['other'], [], { kind: 'libsql-wal', logged: false, files: false }],
    ];
    for (const [files, folders, expected] of cases) {
      expect(await readNamespaceFolder(await folderWith(files, folders))).toEqual(expected);
    }
  });

  it('detection, the folder opened as itself and its kind agree', async () => {
    const wallogOnly = await folderWith([WALLOG]);
    const layout = await openLayout(wallogOnly);
    expect(layout.name).toBe('sqld');
    const found = await listNamespaces(layout);
    expect(found.namespaces.map((n) => [n.name, n.kind])).toEqual([['default', 'default-mode']]);
    expect((await openLayout(await folderWith([DATA]))).name).toBe('loose');
  });
});
