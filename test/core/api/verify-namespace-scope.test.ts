import { rm, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSegscopeApi } from '../../../core/api/api.js';
import { invokeApi } from '../../../core/api/schemas.js';
import type { VerifiedSegment } from '../../../core/model/results.js';
import { readByNamespaceChecks } from '../../../core/model/verify-scope.js';
import { writeSqldDemo } from '../../../core/workload/sqld-demo.js';
import { sealedSegment } from '../../support/demo-screen.js';
import { copyVector } from '../../support/real-data.js';
import { sampleCopyIn } from '../../support/sqld-default-sample.js';
import { tempDir } from '../../support/segments.js';

function apiOn(dir: string): ReturnType<typeof createSegscopeApi> {
  return createSegscopeApi({ dir, layout: null, namespace: 'default', remote: { kind: 'none' } });
}

/** Rows by the file's last name: a call of files names a snapshot `snapshots/…`, the namespace's verify by its name. */
const byName = (rows: readonly VerifiedSegment[]) =>
  rows.map((r) => ({ ...r, file: basename(r.file) })).sort((a, b) => a.file.localeCompare(b.file));

/**
 * The screen's split: each listed file the namespace's checks do not read, in a call of files, and
 * the namespace's checks alone; the two together are the whole namespace's verify, row for row.
 */
async function expectSplitIsWhole(dir: string): Promise<VerifiedSegment[]> {
  const api = apiOn(dir);
  const listed = (await api.list({})).segments;
  const files = listed.filter((s) => !readByNamespaceChecks(s)).map((s) => s.file);
  const own = await api.verify({ files });
  const namespace = await api.verify({ scope: 'namespace' });
  const whole = await api.verify({});
  expect(byName([...own.segments, ...namespace.segments])).toEqual(byName(whole.segments));
  // The namespace's call checks no listed file but those its checks read whole.
  const rowsOfListed = namespace.segments.filter((r) => listed.some((s) => s.file === r.file)).map((r) => r.file);
  expect(rowsOfListed).toEqual(listed.filter((s) => readByNamespaceChecks(s)).map((s) => s.file));
  expect(own.ok && namespace.ok).toBe(whole.ok);
  return namespace.segments;
}

describe("verify's scope 'namespace': what a verify of the namespace checks beyond each listed file's own", () => {
  it('default mode: data, data-wal (against data and the log), a sentinel, the chain', async () => {
    const root = await sampleCopyIn(await tempDir());
    await writeFile(join(root, 'dbs', 'default', '.sentinel'), '');
    const rows = await expectSplitIsWhole(root);
    expect(rows.map((r) => r.file)).toEqual(['data', 'data-wal', '.sentinel', '(chain of segments)']);
    expect(rows.find((r) => r.file === '.sentinel')?.problems).toEqual([
      expect.objectContaining({ code: 'DIRTY_SHUTDOWN', severity: 'warning' }),
    ]);
  });

  it("libsql-wal: a segment gone from the middle is the chain's CHAIN_GAP, and no segment is read", async () => {
    const root = join(await tempDir(), 'demo.sqld');
    await writeSqldDemo({ root, segments: 12, seed: 4 });
    await rm((await sealedSegment(root, 'default', 2)).path);
    const rows = await expectSplitIsWhole(root);
    expect(rows.map((r) => r.file)).toEqual(['data', '(chain of segments)']);
    expect(rows[1]).toMatchObject({ ok: false, problems: [{ code: 'CHAIN_GAP', severity: 'error' }] });
  });

  it("with a remote: a segment only it holds is fetched and checked in the namespace's call, as its row", async () => {
    const bucket = await copyVector('bucket-v1');
    const remote = { kind: 'directory', path: bucket, clusterId: 'cluster-1' } as const;
    const opened = async () => createSegscopeApi({ dir: await tempDir(), layout: null, namespace: 'default', remote });
    const api = await opened();
    const listed = (await api.list({})).segments;
    expect(listed.length).toBeGreaterThan(0);
    // Every row is the remote's alone: the screen sends no call of files, and the namespace's checks them all.
    expect(listed.filter((s) => s.location !== 'remote')).toEqual([]);
    const namespace = await api.verify({ scope: 'namespace' });
    expect(namespace.ok).toBe(true);
    const rows = new Set(namespace.segments.map((r) => r.file));
    expect(listed.filter((s) => !rows.has(s.file))).toEqual([]);
    expect(byName(namespace.segments)).toEqual(byName((await (await opened()).verify({})).segments));
  });

  it.each([
    ['files and the scope together', { files: ['a.seg'], scope: 'namespace' }],
    ['a scope of another name', { scope: 'files' }],
  ])('refuses %s with INVALID_ARGUMENT', async (_label, input) => {
    await expect(invokeApi(apiOn(await tempDir()), 'verify', input)).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
  });
});
