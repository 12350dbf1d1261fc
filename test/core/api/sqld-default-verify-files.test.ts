import { appendFile, cp, rename, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSegscopeApi } from '../../../core/api/api.js';
import { invokeApi } from '../../../core/api/schemas.js';
import type { ListResult, VerifyResult } from '../../../core/model/results.js';
import { tempDir } from '../../support/segments.js';

const SAMPLE = join(import.meta.dirname, '../../vectors/sqld-default/data.sqld');

/** The API on a writable copy of the sample, opened at `namespace`, as the screen opens it. */
async function sampleApi(namespace: string): Promise<{ api: ReturnType<typeof createSegscopeApi>; root: string }> {
  const root = join(await tempDir(), 'data.sqld');
  await cp(SAMPLE, root, { recursive: true });
  const api = createSegscopeApi(
    { dir: root, layout: null, namespace, remote: { kind: 'none' } },
    { onProgress: () => undefined },
  );
  return { api, root };
}

describe("the screen's Verify all on a default-mode sqld namespace: files by the names the listing gives", () => {
  it('verifies snapshots/… and the log by those names, and still refuses any other path', async () => {
    const { api } = await sampleApi('default');
    const listed = (await invokeApi(api, 'list', {})) as ListResult;
    const files = listed.segments.map((s) => s.file);
    expect(files.filter((f) => f.startsWith('snapshots/'))).toHaveLength(2);
    // Through the schema the HTTP server and Electron's IPC apply, as the screen sends them.
    const verified = (await invokeApi(api, 'verify', { files })) as VerifyResult;
    // Each outcome under the name it was asked by, so the screen's row finds it.
    expect(verified.segments.map((s) => s.file)).toEqual(files);
    expect(verified.segments.every((s) => s.ok)).toBe(true);
    expect(verified.segments.find((s) => s.file === 'wallog')?.problems.map((p) => p.code)).toEqual(['TRAILING_DATA']);
    for (const bad of ['../data', 'snapshots/../data', 'data-wal/x', 'snapshots/', '/etc/passwd'])
      await expect(invokeApi(api, 'verify', { files: [bad] }), bad).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  it('refuses a name whose folder is a symbolic link: SYMBOLIC_LINK, nothing behind it read', async () => {
    const { api, root } = await sampleApi('default');
    const home = join(root, '..');
    const snapshots = ((await invokeApi(api, 'list', {})) as ListResult).segments
      .map((s) => s.file)
      .filter((f) => f.startsWith('snapshots/'));
    expect(snapshots).toHaveLength(2);
    // The same files, now in a folder outside the data directory that `snapshots` links to.
    const folder = join(root, 'dbs', 'default', 'snapshots');
    await rename(folder, join(home, 'elsewhere'));
    await symlink(join(home, 'elsewhere'), folder);
    for (const call of [
      invokeApi(api, 'verify', { files: snapshots }),
      invokeApi(api, 'inspect', { file: snapshots[0] }),
      invokeApi(api, 'readPage', { file: snapshots[0], pageNo: 1 }),
    ])
      await expect(call).rejects.toMatchObject({
        code: 'SYMBOLIC_LINK',
        message: expect.stringContaining('dbs/default/snapshots'),
      });
  });

  it("a healthy namespace verifies with no word on data, SQLite's own file, by either verify", async () => {
    const { api } = await sampleApi('tenant-b');
    const whole = (await invokeApi(api, 'verify', {})) as VerifyResult;
    expect(whole.ok).toBe(true);
    expect(whole.segments.find((s) => s.file === 'data')).toEqual({ file: 'data', ok: true, problems: [] });
    const files = ((await invokeApi(api, 'list', {})) as ListResult).segments.map((s) => s.file);
    const screen = (await invokeApi(api, 'verify', { files })) as VerifyResult;
    for (const verified of [whole, screen])
      expect(verified.segments.flatMap((s) => s.problems.map((p) => p.code))).not.toContain('NOT_A_SEGMENT');
  });

  it("a data cut short of a whole page is still named, as SQLite's file and not libsql-wal's", async () => {
    const { api, root } = await sampleApi('tenant-b');
    // 34 bytes past the pages: the size libsql-wal's footer would give, here only a damaged SQLite file.
    await appendFile(join(root, 'dbs', 'tenant-b', 'data'), new Uint8Array(34));
    const verified = (await invokeApi(api, 'verify', {})) as VerifyResult;
    expect(verified.ok).toBe(false);
    expect(verified.segments.find((s) => s.file === 'data')?.problems).toEqual([
      { code: 'TRUNCATED_SEGMENT', severity: 'error', message: expect.stringContaining('not a whole number') },
    ]);
  });
});
