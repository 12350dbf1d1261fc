import { mkdir, rename, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FolderObjectStore } from '../../../core/storage/folder-object-store.js';
import { runBinary } from '../../support/cli.js';
import { buildSegment, fileRemoteFolder, keyFor, tempDir, writeSegmentDir } from '../../support/segments.js';

/** A local seed directory with one segment, and a file:// bucket copy whose segments folder is `bucket`. */
async function seedAndBucket(): Promise<{ prefix: string; remote: string; bucket: string; elsewhere: string }> {
  const prefix = await tempDir();
  await mkdir(join(prefix, 'segments'));
  const remote = await tempDir();
  const bucket = await fileRemoteFolder(remote, 'prod');
  await writeFile(join(bucket, keyFor(1n, 4n)), buildSegment({ start: 1n, end: 4n }));
  const elsewhere = await tempDir();
  await writeFile(join(elsewhere, 'other.seg'), buildSegment({ start: 5n, end: 9n }));
  return { prefix, remote, bucket, elsewhere };
}

const remoteArgs = (remote: string) => ['--remote', `file://${remote}`, '--cluster-id', 'prod'];

describe('symbolic links are refused, never followed, wherever Segscope reads', () => {
  it('inspect and verify of a link say SYMBOLIC_LINK, not NOT_A_SEGMENT', async () => {
    const prefix = await tempDir();
    const [segment] = await writeSegmentDir(prefix, [{ start: 1n, end: 4n }]);
    const link = join(prefix, 'link.seg');
    await symlink(segment ?? '', link);
    const inspect = await runBinary(['inspect', link]);
    expect(inspect.code).toBe(2);
    expect(inspect.err).toMatch(/^segscope: SYMBOLIC_LINK: the file is a symbolic link.*link\.seg\n$/);
    const verify = await runBinary(['verify', link, '--json']);
    expect(verify.code).toBe(1);
    expect(verify.out).toContain('"code": "SYMBOLIC_LINK"');
  });

  it('a file:// bucket copy holding a linked segment is refused, naming the link', async () => {
    const { prefix, remote, bucket, elsewhere } = await seedAndBucket();
    const list = await runBinary(['list', prefix, ...remoteArgs(remote), '--json']);
    expect(list.code, list.err).toBe(0);
    await symlink(join(elsewhere, 'other.seg'), join(bucket, keyFor(5n, 9n)));
    const refused = await runBinary(['list', prefix, ...remoteArgs(remote)]);
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(/^segscope: SYMBOLIC_LINK: .*segments\/.*\.seg.* is a symbolic link/);
    expect(refused.out).not.toContain('other');
  });

  it('a linked folder in a bucket copy is refused too, and a read never follows a link put in its place', async () => {
    const { remote, bucket, elsewhere } = await seedAndBucket();
    const store = new FolderObjectStore(remote);
    const key = (await store.list('')).objects[0]?.key ?? '';
    expect(key).toMatch(/segments\//);
    expect(await store.head(key)).not.toBeNull();
    // The object's name replaced by a link to another file after it was listed.
    await rename(join(bucket, keyFor(1n, 4n)), join(elsewhere, 'moved.seg'));
    await symlink(join(elsewhere, 'moved.seg'), join(bucket, keyFor(1n, 4n)));
    await expect(store.get(key)).rejects.toMatchObject({ code: 'SYMBOLIC_LINK' });
    await expect(store.head(key)).rejects.toMatchObject({ code: 'SYMBOLIC_LINK' });
    const folder = join(remote, 'linked');
    await symlink(elsewhere, folder);
    await expect(store.list('')).rejects.toMatchObject({ code: 'SYMBOLIC_LINK', message: /linked\// });
  });
});
