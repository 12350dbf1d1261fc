import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { FolderObjectStore } from '../../../core/storage/folder-object-store.js';
import type { ListOptions } from '../../../core/storage/object-store.js';
import { S3ObjectStore } from '../../../core/storage/s3-object-store.js';
import { bucketOfFolder, s3Settings } from '../../support/s3-fixtures.js';
import { tempDir } from '../../support/segments.js';

/**
 * A folder laid out like a bucket answers a LIST as S3 does, though it reads a folder below the
 * prefix only as far as its first key where a delimiter rolls it up: the same listings, asked of
 * the folder and of Ceph holding the same keys, are equal.
 */
const endpoint = inject('s3Endpoint');

const KEYS = [
  'ns-c:a-v2/segments/k1',
  'ns-c:a-v2/segments/k2',
  'ns-c:a-v2/segments/k3',
  'ns-c:b-v2/segments/k1',
  'ns-c:b-v2/other/deep/x',
  'ns-c:c-v2/segments/k1',
  'ns-d:z-v2/segments/k',
  'v2/clusters/c/namespaces/n1/segments/a',
  'v2/clusters/c/namespaces/n1/indexes/a',
  'v2/clusters/c/namespaces/n2/segments/a',
  'v2/clusters/c/namespaces/n2/segments/b',
  'v2/clusters/c/namespaces/n3/indexes/a',
  'top-file',
  'a-b/x',
  'a0',
  'a/y',
  'a/z/w',
];

const ASKED: [string, ListOptions][] = [
  ['', { delimiter: '/' }],
  ['', { delimiter: '/', limit: 2 }],
  ['', { delimiter: '/', startAfter: 'a/' }],
  ['', { delimiter: '/', startAfter: 'a/y' }],
  ['', { delimiter: '/', startAfter: 'ns-c:b-v2/segments/k1' }],
  ['ns-c:', { delimiter: '/' }],
  ['ns-c:', { delimiter: '/', limit: 1, startAfter: 'ns-c:a-v2/\uffff' }],
  ['ns-c:b-v2/', { delimiter: '/' }],
  ['v2/clusters/c/namespaces/', { delimiter: '/' }],
  ['v2/clusters/c/namespaces/', { delimiter: '/', startAfter: 'v2/clusters/c/namespaces/n1/\uffff' }],
  ['a', { delimiter: '/' }],
  ['ns-c:a-v2/segments/', { limit: 2 }],
  ['ns-c:a-v2/segments/', { startAfter: 'ns-c:a-v2/segments/k1' }],
  ['ns-c:a-v2/segments/k', {}],
  ['v2/', {}],
  ['', {}],
];

describe('a folder laid out like a bucket lists as S3 does', () => {
  it('every listing equals the one Ceph gives for the same keys', async () => {
    const root = await tempDir();
    for (const [i, key] of KEYS.entries()) {
      await mkdir(dirname(join(root, key)), { recursive: true });
      await writeFile(join(root, key), 'x'.repeat(i + 1));
    }
    const folder = new FolderObjectStore(root);
    const s3 = new S3ObjectStore(s3Settings(endpoint, await bucketOfFolder(endpoint, root, 'folder-list')));
    try {
      for (const [prefix, options] of ASKED) {
        const asked = `${prefix} ${JSON.stringify(options)}`;
        expect(await folder.list(prefix, options), asked).toEqual(await s3.list(prefix, options));
      }
    } finally {
      await s3.close();
    }
  });
});
