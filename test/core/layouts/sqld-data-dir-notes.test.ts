import { execFileSync } from 'node:child_process';
import { cp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listNamespaces } from '../../../core/inspect/list-namespace.js';
import { openLayout } from '../../../core/layouts/open-layout.js';
import { tempDir } from '../../support/segments.js';

const SAMPLE = join(import.meta.dirname, '../../vectors/sqld-default/data.sqld');

async function sampleWithVersion(replace: (path: string) => Promise<void>): Promise<string> {
  const root = join(await tempDir(), 'data.sqld');
  await cp(SAMPLE, root, { recursive: true });
  const version = join(root, '.version');
  await rm(version);
  await replace(version);
  return root;
}

describe("a sqld data directory's .version, read as a note", () => {
  it('a FIFO named .version is named as no regular file, and namespaces does not wait on it', async () => {
    const root = await sampleWithVersion(async (path) => {
      execFileSync('mkfifo', [path]);
    });
    const found = await listNamespaces(await openLayout(root));
    expect(found.namespaces.map((n) => n.name)).toEqual(['default', 'tenant-b']);
    expect(found.notes).toContain('.version is not a regular file (a folder, link, FIFO or device), so it is not read');
  }, 10_000);

  it('a .version that is no semver is named as not a sqld version, whatever it starts with', async () => {
    const odd = await sampleWithVersion((path) => writeFile(path, '1.2.3abc\n'));
    expect((await listNamespaces(await openLayout(odd))).notes).toContain(
      '.version holds "1.2.3abc", not a sqld version',
    );
    const prerelease = await sampleWithVersion((path) => writeFile(path, '0.24.32-rc.1+build.5\n'));
    expect((await listNamespaces(await openLayout(prerelease))).notes).toContain(
      'written by sqld 0.24.32-rc.1+build.5 (.version)',
    );
  });
});
