import { execFileSync } from 'node:child_process';
import { cp, mkdir, readdir, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSegscopeApi } from '../../../core/api/api.js';
import { invokeApi } from '../../../core/api/schemas.js';
import { rendererResponse } from '../../../electron/renderer-request.js';
import { runCli } from '../../support/cli.js';
import { buildSegment, keyFor, tempDir, writeSegmentDir } from '../../support/segments.js';

interface Listing {
  segments: { file: string }[];
  unrecognized: { file: string; code: string; message: string }[];
  database: { path: string } | null;
}

async function listJson(dir: string, ...options: string[]): Promise<Listing> {
  const run = await runCli(['list', dir, ...options, '--json']);
  expect(run.code, run.err).toBe(0);
  return JSON.parse(run.out) as Listing;
}

/** A sqld data directory of `segscope demo`: namespaces default and analytics. */
async function sqldDir(): Promise<string> {
  const root = join(await tempDir(), 'data.sqld');
  expect((await runCli(['demo', root, '--segments', '6'])).code).toBe(0);
  return root;
}

/** A folder of other files a link can point at: what a followed link would show. */
async function elsewhere(): Promise<string> {
  const dir = await tempDir();
  await writeFile(join(dir, 'passwd'), 'root:x:0:0:root:/root:/bin/bash\n');
  await writeFile(join(dir, keyFor(500n, 600n)), buildSegment({ start: 500n, end: 600n }));
  await writeFile(join(dir, '00000000000000000500.seg'), buildSegment({ start: 500n, end: 600n }));
  return dir;
}

describe('symbolic links inside a layout are reported, never followed', () => {
  it('sqld: a data-wal folder that is a link lists nothing of where it points, and says it is a link', async () => {
    const root = await sqldDir();
    const wal = join(root, 'dbs', 'default', 'data-wal');
    await rename(wal, `${wal}.real`);
    await symlink(await elsewhere(), wal);
    const listing = await listJson(root);
    expect(listing.segments).toEqual([]);
    expect(listing.unrecognized).toEqual([
      { file: 'dbs/default/data-wal', code: 'SYMBOLIC_LINK', message: expect.stringContaining('follows no link') },
    ]);
    // The database file beside it is still read.
    expect(listing.database?.path).toBe(join(root, 'dbs', 'default', 'data'));
  });

  it('sqld: a namespace folder, the dbs folder or the database file that is a link is reported', async () => {
    const root = await sqldDir();
    const dbs = join(root, 'dbs');
    await symlink(join(dbs, 'analytics'), join(dbs, 'mirror'));
    const names = JSON.parse((await runCli(['namespaces', root, '--json'])).out) as {
      unrecognized: { file: string; code: string }[];
    };
    expect(names.unrecognized).toContainEqual(expect.objectContaining({ file: 'dbs/mirror', code: 'SYMBOLIC_LINK' }));
    const viaLink = await runCli(['list', root, '--namespace', 'mirror', '--json']);
    expect(JSON.parse(viaLink.out)).toMatchObject({
      segments: [],
      unrecognized: [{ file: 'dbs/mirror', code: 'SYMBOLIC_LINK' }],
      database: null,
    });

    const data = join(dbs, 'default', 'data');
    await rename(data, `${data}.real`);
    await symlink(`${data}.real`, data);
    const listing = await listJson(root);
    expect(listing.database).toBeNull();
    expect(listing.unrecognized).toEqual([
      { file: 'dbs/default/data', code: 'SYMBOLIC_LINK', message: expect.any(String) },
    ]);
    expect(listing.segments.length).toBeGreaterThan(0);

    const other = join(await tempDir(), 'data.sqld');
    await rename(root, other);
    await mkdir(root);
    await symlink(join(other, 'dbs'), join(root, 'dbs'));
    const run = await runCli(['namespaces', root, '--layout', 'sqld', '--json']);
    expect(JSON.parse(run.out)).toMatchObject({ unrecognized: [{ file: 'dbs', code: 'SYMBOLIC_LINK' }] });
  });

  it('sqld: a database file that is a FIFO is reported, and nothing blocks on it', async () => {
    const root = await sqldDir();
    const data = join(root, 'dbs', 'default', 'data');
    await rm(data);
    execFileSync('mkfifo', [data]);
    const started = Date.now();
    const listing = await listJson(root);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(listing.database).toBeNull();
    expect(listing.unrecognized).toEqual([
      { file: 'dbs/default/data', code: 'NOT_A_DATABASE', message: expect.stringContaining('not a regular file') },
    ]);
  });

  it(
    "sqld's default mode: a snapshots folder or a wallog " + 'that is a link is reported, a FIFO database file too',
    async () => {
      const root = join(await tempDir(), 'data.sqld');
      await cp(join('test', 'vectors', 'sqld-default', 'data.sqld'), root, { recursive: true });
      const ns = join(root, 'dbs', 'tenant-b');
      await rename(join(ns, 'snapshots'), join(ns, 'snapshots.real'));
      await symlink(await elsewhere(), join(ns, 'snapshots'));
      await rm(join(ns, 'data'));
      execFileSync('mkfifo', [join(ns, 'data')]);
      const listing = await listJson(root, '--namespace', 'tenant-b');
      expect(listing.segments.map((s) => s.file).filter((f) => f.startsWith('snapshots'))).toEqual([]);
      expect(listing.unrecognized).toContainEqual({
        file: 'snapshots',
        code: 'SYMBOLIC_LINK',
        message: expect.any(String),
      });
      expect(listing.unrecognized).toContainEqual({
        file: 'data',
        code: 'NOT_A_DATABASE',
        message: expect.any(String),
      });
      const wallog = join(root, 'dbs', 'default', 'wallog');
      await rename(wallog, `${wallog}.real`);
      await symlink(`${wallog}.real`, wallog);
      expect((await listJson(root)).unrecognized).toContainEqual({
        file: 'wallog',
        code: 'SYMBOLIC_LINK',
        message: expect.any(String),
      });
    },
  );

  it('seed: a segments folder that is a link is reported, and nothing is stored through it', async () => {
    const prefix = await tempDir();
    const target = await elsewhere();
    await symlink(target, join(prefix, 'segments'));
    const listing = await listJson(prefix, '--layout', 'seed');
    expect(listing.segments).toEqual([]);
    expect(listing.unrecognized).toEqual([{ file: 'segments', code: 'SYMBOLIC_LINK', message: expect.any(String) }]);
    const file = join(await tempDir(), 'one.segment');
    await writeFile(file, buildSegment({ start: 1n, end: 4n }));
    const before = (await readdir(target)).sort();
    const store = await runCli(['store', file, '--dir', prefix, '--json']);
    expect(JSON.parse(store.out)).toMatchObject({ stored: [], refused: [{ code: 'SYMBOLIC_LINK' }] });
    expect((await readdir(target)).sort()).toEqual(before);
  });

  it('seed: a namespace folder that is a link is reported among the namespaces', async () => {
    const prefix = await tempDir();
    await writeSegmentDir(prefix, [{ start: 1n, end: 4n }]);
    await mkdir(join(prefix, 'namespaces'));
    await symlink(await elsewhere(), join(prefix, 'namespaces', 'other'));
    const run = await runCli(['namespaces', prefix, '--json']);
    expect(JSON.parse(run.out)).toMatchObject({ unrecognized: [{ file: 'namespaces/other', code: 'SYMBOLIC_LINK' }] });
  });

  it('a loose folder: a file in it that is a link is reported as one', async () => {
    const dir = await tempDir();
    const target = await elsewhere();
    await writeFile(join(dir, 'a.seg'), buildSegment({ start: 1n, end: 4n }));
    await symlink(join(target, '00000000000000000500.seg'), join(dir, 'b.seg'));
    const listing = await listJson(dir, '--layout', 'loose');
    expect(listing.segments.map((s) => s.file)).toEqual(['a.seg']);
    expect(listing.unrecognized).toEqual([{ file: 'b.seg', code: 'SYMBOLIC_LINK', message: expect.any(String) }]);
  });
});

describe('names that cannot be namespaces', () => {
  it('the API refuses ".", ".." and the empty string before any folder is named by them', async () => {
    const prefix = await tempDir();
    await writeSegmentDir(prefix, [{ start: 1n, end: 4n }]);
    const api = createSegscopeApi({ dir: prefix, layout: null, namespace: null, remote: { kind: 'none' } });
    for (const namespace of ['.', '..', '']) {
      await expect(invokeApi(api, 'selectNamespace', { namespace })).rejects.toMatchObject({
        code: 'INVALID_ARGUMENT',
      });
      await expect(invokeApi(api, 'meta', { namespace })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
      await expect(invokeApi(api, 'openDirectory', { dir: prefix, namespace })).rejects.toMatchObject({
        code: 'INVALID_ARGUMENT',
      });
    }
    await expect(invokeApi(api, 'selectNamespace', { namespace: 'default' })).resolves.toMatchObject({
      namespace: 'default',
    });
  });
});

describe("the desktop app's app:// scheme", () => {
  it('answers a malformed escape with 400 instead of throwing, and serves nothing outside the renderer', async () => {
    const root = await tempDir();
    await writeFile(join(root, 'index.html'), '<!doctype html>');
    const malformed = await rendererResponse(new Request('app://segscope/%E0%A4%A'), root);
    expect(malformed.status).toBe(400);
    expect((await rendererResponse(new Request('app://segscope/..%2f..%2f..%2fetc%2fpasswd'), root)).status).toBe(404);
    expect((await rendererResponse(new Request('app://elsewhere/index.html'), root)).status).toBe(404);
    const page = await rendererResponse(new Request('app://segscope/'), root);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
  });
});
