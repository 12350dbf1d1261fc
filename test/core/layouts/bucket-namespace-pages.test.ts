import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LibsqlWalBucket } from '../../../core/layouts/libsql-wal-bucket.js';
import { FolderObjectStore } from '../../../core/storage/folder-object-store.js';
import { seedBucketInFolder } from '../../support/seed-bucket.js';
import { tempDir } from '../../support/segments.js';

/** More namespaces than a LIST answers in a page (1,000): every one is named, each once. */
const COUNT = 1001;
const names = Array.from({ length: COUNT }, (_, i) => `ns${String(i).padStart(4, '0')}`);

/** A bucket folder with one object in each namespace's folder, `folderOf` giving its path. */
async function bucketOf(folderOf: (name: string) => string[]): Promise<string> {
  const root = await tempDir();
  for (const name of names) {
    const folder = join(root, ...folderOf(name));
    await mkdir(folder, { recursive: true });
    await writeFile(join(folder, 'object'), 'x');
  }
  return root;
}

describe('a bucket of more namespaces than one LIST page', () => {
  it('seed-bucket: every namespace once, over every page', async () => {
    const root = await bucketOf((name) => [`ns-c:${name}-v2`, 'segments']);
    const remote = seedBucketInFolder(root, 'c');
    expect(await remote.namespaces()).toEqual(names);
    expect(remote.requests.get('LIST')).toBe(2);
  });

  it('libsql-wal: every namespace once, over every page', async () => {
    const root = await bucketOf((name) => ['v2', 'clusters', 'c', 'namespaces', name, 'segments']);
    const store = new FolderObjectStore(root);
    expect(await new LibsqlWalBucket(store, 'c').namespaces()).toEqual(names);
    expect(store.requests.get('LIST')).toBe(2);
  });
});
