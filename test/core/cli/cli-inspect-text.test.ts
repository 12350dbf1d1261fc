import { readdirSync, statSync } from 'node:fs';
import { copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { InspectResult } from '../../../core/model/results.js';
import { runCli } from '../../support/cli.js';
import { editFile } from '../../support/sqld-default-sample.js';
import { tempDir } from '../../support/segments.js';
import { VECTORS } from '../../support/vectors.js';

/** The one folder of `bucket` (a bottomless vector) that holds a snapshot, and that snapshot's name. */
function snapshotFolder(bucket: string): { folder: string; snapshot: string } {
  const root = join(VECTORS, 'bottomless', bucket);
  for (const generation of readdirSync(root)) {
    const snapshot = readdirSync(join(root, generation)).find((name) => /^db\.(raw|gz|zstd)$/.test(name));
    if (snapshot) return { folder: join(root, generation), snapshot };
  }
  throw new Error(`${bucket} holds no snapshot`);
}

const CLUSTER = join(VECTORS, 'libsql-wal', 'bucket-v1', 'v2', 'clusters', 'cluster-1', 'namespaces', 'default');
const KEY = '18446744073709551560-00000000000000000030-00000001720000060000';
const raw = snapshotFolder('bucket-raw');
const gz = snapshotFolder('bucket-gz');
const sizeOf = (at: { folder: string; snapshot: string }) => statSync(join(at.folder, at.snapshot)).size;
const batch = readdirSync(raw.folder).find((name) => name.endsWith('.raw')) ?? '';

/** A line of the text for each field: its name. */
function fieldsOf(text: string): string[] {
  return text
    .trimEnd()
    .split('\n')
    .slice(1)
    .map((line) => line.slice(0, line.indexOf(':')));
}

describe("inspect's text shows what the file is and has; its JSON keeps every field", () => {
  it.each([
    // kind, file, lines its text must hold
    ['index-object', join(CLUSTER, 'indexes', KEY), ['size: 120 bytes (expected 120)', 'checksum: ok', 'pages: 18']],
    ['fst-index', join(VECTORS, 'libsql-wal', 'toolkit', 'out'), ['checksum: ok', 'pages: 49', 'fstVersion: 3']],
    // A raw snapshot's size is its pages'; a compressed one's implies none.
    ['bottomless-snapshot', join(raw.folder, raw.snapshot), [`size: ${sizeOf(raw)} bytes (expected ${sizeOf(raw)})`]],
    ['bottomless-snapshot', join(gz.folder, gz.snapshot), ['compression: gz', `size: ${sizeOf(gz)} bytes`]],
    ['bottomless-meta', join(raw.folder, '.meta'), ['size: 12 bytes (expected 12)', 'pageSize: 4096']],
  ])(
    'a file that holds no frames (%s): no frame range, segment id, segment name or unchecked checksum',
    async (kind, given, holds) => {
      // The toolkit's folder holds one raw .idx beside its segment.
      const file = given.endsWith('out')
        ? join(given, readdirSync(given).find((n) => n.endsWith('.idx')) ?? '')
        : given;
      const text = await runCli(['inspect', file]);
      expect(text.err).toBe('');
      const fields = fieldsOf(text.out);
      expect(fields[0]).toBe('format');
      expect(text.out).toContain(`format: ${kind}\n`);
      for (const line of holds) expect(text.out.split('\n')).toContain(line);
      for (const segmentOnly of ['frameCount', 'segmentId', 'startFrameNo', 'endFrameNo'])
        expect(fields).not.toContain(segmentOnly);
      expect(text.out).not.toMatch(/file name agrees|segment key|not checked|expected unknown/);
      const inspected = JSON.parse((await runCli(['inspect', file, '--json'])).out) as InspectResult;
      expect(inspected.header).toMatchObject({ frameCount: 0, segmentId: null, startFrameNo: 0, endFrameNo: 0 });
      expect(inspected.nameAgrees).toBeNull();
    },
  );

  it('a bottomless batch keeps its frame range, name and checksum, and shows no segment id it has not', async () => {
    const file = join(raw.folder, batch);
    const text = await runCli(['inspect', file]);
    expect(text.err).toBe('');
    const fields = fieldsOf(text.out);
    for (const field of ['frameCount', 'startFrameNo', 'endFrameNo', 'file name agrees with header', 'checksum'])
      expect(fields).toContain(field);
    expect(fields).not.toContain('segmentId');
    expect(text.out).toContain('file name agrees with header: yes\n');
    const inspected = JSON.parse((await runCli(['inspect', file, '--json'])).out) as InspectResult;
    expect(inspected.header).toMatchObject({ segmentId: null });
  });
});

describe("inspect's text of sqld's default-mode files says what they hold, nothing more alarming", () => {
  const DBS = join(VECTORS, 'sqld-default', 'data.sqld', 'dbs');
  const SNAPSHOTS = join(DBS, 'default', 'snapshots');
  const snap = join(SNAPSHOTS, readdirSync(SNAPSHOTS).find((name) => name.endsWith('-0-277.snap')) ?? '');

  it('an empty log: a range of no committed frame, a size with no expectation, no name or checksum line', async () => {
    const file = join(DBS, 'default', 'wallog');
    const text = await runCli(['inspect', file]);
    const lines = text.out.trimEnd().split('\n');
    expect(lines).toContain('startFrameNo: 308');
    expect(lines).toContain('endFrameNo: none (no frame is committed)');
    expect(lines).toContain(`size: ${statSync(file).size} bytes`);
    expect(text.out).toContain('warning TRAILING_DATA: 24 uncommitted frames follow the committed ones');
    expect(fieldsOf(text.out)).not.toContain('checksum');
    expect(text.out).not.toMatch(/expected|file name agrees|segment key/);
    const inspected = JSON.parse((await runCli(['inspect', file, '--json'])).out) as InspectResult;
    expect(inspected).toMatchObject({ expectedSize: 64, nameAgrees: null, checksum: { ok: null } });
    expect(inspected.header).toMatchObject({ frameCount: 0, startFrameNo: 308, endFrameNo: 307 });
  });

  it.each([
    // kind, file, lines its text must hold
    [
      'a log',
      join(DBS, 'tenant-b', 'wallog'),
      ['endFrameNo: 175', 'size: 103064 bytes (expected 103064)', 'checksum: ok'],
    ],
    // A WAL file's expected size counts its uncommitted frames too: it is the file's.
    [
      'a WAL file',
      join(DBS, 'default', 'data-wal'),
      ['endFrameNo: 132', 'size: 642752 bytes (expected 642752)', 'checksum: ok'],
    ],
    ['a snapshot', snap, ['endFrameNo: 277', 'file name agrees with header: yes']],
  ])(
    '%s: its range, size and checksum; a name line only where the name is a segment key',
    async (_kind, file, holds) => {
      const text = await runCli(['inspect', file]);
      const lines = text.out.trimEnd().split('\n');
      for (const line of holds) expect(lines).toContain(line);
      expect(text.out).not.toContain('segment key');
      if (!file.endsWith('.snap')) expect(text.out).not.toContain('file name agrees');
    },
  );

  it('a WAL file whose header checksum breaks: the stored checksum and the size, no unknown put in words', async () => {
    const file = join(await tempDir(), 'data-wal');
    await copyFile(join(DBS, 'default', 'data-wal'), file);
    // Byte 25 is in the header's first checksum word.
    await editFile(file, (bytes) => bytes.writeUInt8(bytes.readUInt8(25) ^ 0xff, 25));
    const text = await runCli(['inspect', file]);
    expect(text.code).toBe(1);
    const inspected = JSON.parse((await runCli(['inspect', file, '--json'])).out) as InspectResult;
    expect(inspected).toMatchObject({ expectedSize: null, checksum: { ok: false, computed: null } });
    const lines = text.out.trimEnd().split('\n');
    expect(lines).toContain(`size: ${statSync(file).size} bytes`);
    expect(lines).toContain(`checksum: MISMATCH (stored ${inspected.checksum.stored})`);
    expect(text.out).toContain('error HEADER_CHECKSUM: ');
    expect(text.out).not.toMatch(/null|unknown/);
  });
});
