import { execFileSync } from 'node:child_process';
import { mkdir, readdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FsBackend } from '../../../core/backend/fs-backend.js';
import { encodeV0Header } from '../../../core/format/segment-v0.js';
import { seedBucketInFolder } from '../../support/seed-bucket.js';
import { runCli } from '../../support/cli.js';
import { buildSegment, keyFor, tempDir, writeSegmentDir } from '../../support/segments.js';

describe('files that are not what they claim to be', () => {
  it('a text file is never stored, let alone uploaded, and meta stays untouched', async () => {
    const prefix = await tempDir();
    const remoteRoot = await tempDir();
    const passwd = join(await tempDir(), 'passwd');
    await writeFile(
      passwd,
      'root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n'.repeat(30),
    );
    const store = await runCli(['store', passwd, '--dir', prefix, '--remote', `file://${remoteRoot}`, '--json']);
    expect(store.code).toBe(1);
    expect(JSON.parse(store.out)).toMatchObject({ stored: [], refused: [{ code: 'NOT_A_SEGMENT' }] });
    expect(await readdir(remoteRoot)).toEqual([]);
    expect(JSON.parse((await runCli(['meta', '--dir', prefix, '--json'])).out)).toEqual({ maxFrameNo: null });
  });

  it("a damaged segment is refused with its own code; the reference's 40-byte header stays local", async () => {
    const prefix = await tempDir();
    const remoteRoot = await tempDir();
    const backend = new FsBackend({ prefix, remote: seedBucketInFolder(remoteRoot, 'default') });
    const damaged = buildSegment({ start: 1n, end: 4n });
    damaged[200] = (damaged[200] ?? 0) ^ 1;
    await expect(backend.store('default', { bytes: damaged, name: 'd.bin' })).rejects.toMatchObject({
      code: 'CHECKSUM_MISMATCH',
    });
    const headerOnly = encodeV0Header({
      frameCount: 10n,
      segmentId: '00000000-0000-0000-0000-000000000000',
      startFrameNo: 0n,
      endFrameNo: 64n,
    });
    const outcome = await backend.store('default', { bytes: headerOnly, name: 'h.bin' });
    expect(outcome).toMatchObject({ uploaded: false, unchanged: false });
    expect(await readdir(join(prefix, 'segments'))).toHaveLength(1);
    expect(await readdir(remoteRoot)).toEqual([]);
  });

  it('inspect, verify, compare and the page view refuse a symbolic link named like a segment', async () => {
    const prefix = await tempDir();
    await writeSegmentDir(prefix, [{ start: 1n, end: 4n }]);
    const secret = join(await tempDir(), 'secret');
    await writeFile(secret, buildSegment({ start: 5n, end: 8n }));
    const link = join(prefix, 'segments', keyFor(5n, 8n));
    await symlink(secret, link);
    for (const argv of [
      ['inspect', link],
      ['inspect', link, '--page', '1'],
      ['compare', link, join(prefix, 'segments', keyFor(1n, 4n))],
    ]) {
      const run = await runCli([...argv, '--json']);
      expect(run.code, argv.join(' ')).not.toBe(0);
      expect(run.err).toMatch(/^segscope: SYMBOLIC_LINK: .*is a symbolic link/);
      expect(run.out).toBe('');
    }
    const verify = await runCli(['verify', link, '--json']);
    expect(verify.code).toBe(1);
    expect(JSON.parse(verify.out)).toMatchObject({
      ok: false,
      segments: [{ problems: [{ code: 'SYMBOLIC_LINK', message: expect.stringContaining('is a symbolic link') }] }],
    });
    const list = JSON.parse((await runCli(['list', prefix, '--json'])).out) as {
      segments: { file: string; status: string }[];
      unrecognized: { file: string }[];
    };
    expect(list.unrecognized.map((u) => u.file)).toEqual([keyFor(5n, 8n)]);
  });

  it('storing a FIFO is refused at once instead of blocking every reader', async () => {
    const prefix = await tempDir();
    const fifo = join(await tempDir(), keyFor(1n, 4n));
    execFileSync('mkfifo', [fifo]);
    const started = Date.now();
    const run = await runCli(['store', fifo, '--dir', prefix, '--json']);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(JSON.parse(run.out)).toMatchObject({ refused: [{ code: 'IO_ERROR', message: /not a regular file/ }] });
    expect(run.code).toBe(2);
    await mkdir(join(prefix, 'segments'), { recursive: true });
    expect(await readdir(join(prefix, 'segments'))).toEqual([]);
  });

  it('an unsealed segment (a current one) is refused, not stored under a key made up at store time', async () => {
    const prefix = await tempDir();
    const current = join(process.cwd(), 'test', 'vectors', 'libsql-wal', 'sqld', 'dbs', 'default', 'data-wal');
    const run = await runCli(['store', join(current, '00000000000000000091.seg'), '--dir', prefix, '--json']);
    expect(JSON.parse(run.out)).toMatchObject({
      stored: [],
      refused: [{ code: 'UNSEALED_SEGMENT', message: expect.stringContaining('nothing was stored') as unknown }],
    });
    expect(run.code).toBe(1);
    await mkdir(join(prefix, 'segments'), { recursive: true });
    expect(await readdir(join(prefix, 'segments'))).toEqual([]);
  });
});
