import { copyFile, cp, readFile, stat, truncate } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Database } from '../../../core/sqlite/driver.js';
import { runBinary } from '../../support/cli.js';
import { SQLD_DEFAULT_SAMPLE } from '../../support/sqld-default-sample.js';
import { tempDir } from '../../support/segments.js';

interface Listed {
  database: { path: string; pages: number; replicationIndex: number | null; kind: string } | null;
}

interface Inspected {
  format: string;
  header: Record<string, string | number | null>;
  problems: { code: string; severity: string }[];
  notes?: string[];
}

async function json<T>(argv: string[]): Promise<T> {
  const run = await runBinary([...argv, '--json']);
  expect(run.err).toBe('');
  return JSON.parse(run.out) as T;
}

/** What SQLite itself says of a database file read alone (a copy, with no WAL beside it). */
async function sqliteSays(data: string): Promise<Record<string, unknown>> {
  const copy = join(await tempDir(), 'alone.db');
  await copyFile(data, copy);
  const db = new Database(copy);
  try {
    const one = (pragma: string): unknown => db.pragma(pragma, { simple: true });
    return {
      pageSize: one('page_size'),
      pages: one('page_count'),
      textEncoding: one('encoding'),
      schemaCookie: one('schema_version'),
      userVersion: one('user_version'),
      freelistPages: one('freelist_count'),
    };
  } finally {
    db.close();
  }
}

/** The `database file:` line of `list`'s text. */
async function databaseLine(root: string, namespace: string): Promise<string> {
  const run = await runBinary(['list', root, '--namespace', namespace]);
  expect(run.code).toBe(0);
  return run.out.split('\n').find((line) => line.startsWith('database file: ')) ?? '';
}

describe('a log that holds no committed frame yet', () => {
  it('list shows no end frame for it, as the screen does; --json keeps the frame before its first', async () => {
    const root = join(await tempDir(), 'data.sqld');
    await cp(SQLD_DEFAULT_SAMPLE, root, { recursive: true });
    // default's wallog starts at 308 and commits nothing yet (its frames are an uncommitted tail).
    const text = await runBinary(['list', root]);
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/^ +308 +- +- +wallog +\d+ +local +ok +wallog$/m);
    const listed = await json<{ segments: { file: string; startFrameNo: number; endFrameNo: number }[] }>([
      'list',
      root,
    ]);
    expect(listed.segments.find((s) => s.file === 'wallog')).toMatchObject({ startFrameNo: 308, endFrameNo: 307 });
  });
});

describe("a namespace's database file, as list and inspect describe it", () => {
  it("default mode: list calls data SQLite's file as of its checkpoint (wal:0); inspect reads its header", async () => {
    const root = join(await tempDir(), 'data.sqld');
    await cp(SQLD_DEFAULT_SAMPLE, root, { recursive: true });
    const data = join(root, 'dbs', 'tenant-b', 'data');
    const pages = (await stat(data)).size / 4096;

    const line = await databaseLine(root, 'tenant-b');
    expect(line).toContain(`database file: ${data}, ${pages} pages, `);
    expect(line).toContain('wal:0');
    expect(line).not.toMatch(/footer|unknown/);
    const listed = await json<Listed>(['list', root, '--namespace', 'tenant-b']);
    expect(listed.database).toMatchObject({ path: data, pages, replicationIndex: null, kind: 'default-mode' });
    // The point the line names is one `points` lists, standing on data alone.
    const points = await json<{ points: { walFrame?: number; segment: string }[] }>([
      'points',
      root,
      '--namespace',
      'tenant-b',
    ]);
    expect(points.points).toContainEqual(expect.objectContaining({ walFrame: 0, segment: 'data' }));

    const inspected = await json<Inspected>(['inspect', data]);
    expect(inspected.format).toBe('database');
    expect(inspected.problems).toEqual([]);
    expect(inspected.notes?.join(' ')).toContain('no libsql-wal footer');
    const bytes = await readFile(data);
    const sqlite = await sqliteSays(data);
    expect(inspected.header).toMatchObject({
      pages,
      pageSize: sqlite.pageSize,
      databaseSizePages: sqlite.pages,
      textEncoding: sqlite.textEncoding,
      schemaCookie: sqlite.schemaCookie,
      userVersion: sqlite.userVersion,
      freelistPages: sqlite.freelistPages,
      fileChangeCounter: bytes.readUInt32BE(24),
      schemaFormat: bytes.readUInt32BE(44),
      writeVersion: 'WAL',
    });
    expect(Object.keys(inspected.header)).not.toContain('footerMagic');
    const text = await runBinary(['inspect', data]);
    expect(text.code).toBe(0);
    expect(text.out).toContain(`pageSize: ${String(sqlite.pageSize)}\n`);
    expect(text.out).toMatch(/\nnote: .*no libsql-wal footer/);
    expect(text.out).not.toMatch(/\n(warning|error) /);
  });

  it("libsql-wal: the footer reads as before; cut off, verify warns and inspect reads SQLite's header", async () => {
    const root = join(await tempDir(), 'data.sqld');
    expect((await runBinary(['demo', root, '--segments', '6'])).code).toBe(0);
    const data = join(root, 'dbs', 'analytics', 'data');

    const listed = await json<Listed>(['list', root, '--namespace', 'analytics']);
    expect(listed.database).toMatchObject({ path: data, kind: 'libsql-wal' });
    const through = listed.database?.replicationIndex ?? 0;
    expect(through).toBeGreaterThan(0);
    expect(await databaseLine(root, 'analytics')).toBe(
      `database file: ${data}, ${listed.database?.pages} pages, checkpointed through frame ${through}`,
    );
    const inspected = await json<Inspected>(['inspect', data]);
    expect(inspected.header).toMatchObject({ replicationIndex: through, footerMagic: '0x4c494253514c0000' });
    expect(Object.keys(inspected.header)).not.toContain('pageSize');
    expect(inspected.notes ?? []).toEqual([]);
    expect(inspected.problems).toEqual([]);

    // libsql-wal's data without its footer: in its namespace a warning, alone a SQLite file with a note.
    await truncate(data, (await stat(data)).size - 34);
    const verified = await json<{ segments: { file: string; problems: { code: string; severity: string }[] }[] }>([
      'verify',
      root,
      '--namespace',
      'analytics',
    ]);
    expect(verified.segments.find((s) => s.file === 'data')?.problems).toContainEqual(
      expect.objectContaining({ code: 'NOT_A_SEGMENT', severity: 'warning' }),
    );
    const alone = await json<Inspected>(['inspect', data]);
    expect(alone.problems).toEqual([]);
    expect(alone.header).toMatchObject({ pageSize: 4096, writeVersion: 'WAL' });
    expect(Object.keys(alone.header)).not.toContain('replicationIndex');
    expect(alone.notes?.join(' ')).toContain('no libsql-wal footer');
  });

  it("inspect's text of a database file shows only what applies to it; its JSON keeps every field", async () => {
    const root = join(await tempDir(), 'data.sqld');
    expect((await runBinary(['demo', root, '--segments', '6'])).code).toBe(0);
    // The default mode's SQLite file, and libsql-wal's with its footer.
    for (const namespace of ['classic', 'default']) {
      const data = join(root, 'dbs', namespace, 'data');
      const size = (await stat(data)).size;
      const text = await runBinary(['inspect', data]);
      expect(text.code).toBe(0);
      const lines = text.out.trimEnd().split('\n');
      const fields = lines.slice(1).map((line) => line.slice(0, line.indexOf(':')));
      // A database file has no frame range, no segment name, no checksum and no size to expect.
      for (const segmentOnly of ['frameCount', 'segmentId', 'startFrameNo', 'endFrameNo', 'checksum'])
        expect(fields).not.toContain(segmentOnly);
      expect(text.out).not.toMatch(/file name agrees|segment key|expected/);
      expect(lines).toContain(`size: ${size} bytes`);
      expect(lines).toContain(`pages: ${Math.floor(size / 4096)}`);
      expect(lines).toContain('format: database');
      // The JSON keeps its shape: other tools read these fields.
      const inspected = await json<Inspected & { nameAgrees: null; expectedSize: null }>(['inspect', data]);
      expect(inspected.header).toMatchObject({ frameCount: 0, segmentId: null, startFrameNo: 0 });
      expect(inspected).toMatchObject({ nameAgrees: null, expectedSize: null });
    }
  });
});
