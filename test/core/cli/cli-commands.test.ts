import { execFile, spawn } from 'node:child_process';
import { closeSync, existsSync, openSync } from 'node:fs';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { buildSegment, fetchFromFileRemote, keyFor, tempDir, writeSegmentDir } from '../../support/segments.js';
import { runCli } from '../../support/cli.js';

const BIG = 18446744073709551000n;

describe('segscope commands', () => {
  it('list --json follows the contract: sorted segments, gaps, overlaps, unrecognized, maxFrameNo', async () => {
    const prefix = await tempDir();
    await writeSegmentDir(prefix, [
      { start: 11n, end: 20n },
      { start: 1n, end: 10n },
      { start: 25n, end: 30n },
      { start: 28n, end: 40n },
    ]);
    await writeFile(join(prefix, 'segments', 'notes.txt'), 'x');
    const { code, out } = await runCli(['list', prefix, '--json']);
    expect(code).toBe(0);
    const doc = JSON.parse(out) as Record<string, unknown>;
    expect(doc).toMatchObject({
      prefix,
      namespace: 'default',
      maxFrameNo: 40,
      gaps: [{ fromFrameNo: 21, toFrameNo: 24 }],
      overlaps: [{ a: keyFor(25n, 30n), b: keyFor(28n, 40n), fromFrameNo: 28, toFrameNo: 30 }],
      unrecognized: [{ file: 'notes.txt', code: 'INVALID_SEGMENT_NAME' }],
    });
    const segments = doc.segments as { startFrameNo: number; status: string; createdAt: string; file: string }[];
    expect(segments.map((s) => s.startFrameNo)).toEqual([1, 11, 25, 28]);
    expect(segments.every((s) => s.status === 'ok')).toBe(true);
    expect(segments[0]?.createdAt).toBe('2023-11-14T22:13:20.000Z');
  });

  it('store takes several files, refuses the bad ones with exit 1, and stores the good ones', async () => {
    const prefix = await tempDir();
    const src = await tempDir();
    await writeFile(join(src, 'a.bin'), buildSegment({ start: 1n, end: 3n }));
    await writeFile(join(src, keyFor(4n, 6n, 1_600_000_000n)), buildSegment({ start: 4n, end: 6n }));
    await writeFile(join(src, 'empty.bin'), '');
    const { code, out } = await runCli([
      'store',
      join(src, 'a.bin'),
      join(src, keyFor(4n, 6n, 1_600_000_000n)),
      join(src, 'empty.bin'),
      '--dir',
      prefix,
      '--json',
    ]);
    expect(code).toBe(1);
    const doc = JSON.parse(out) as {
      stored: { key: string; uploaded: boolean; unchanged: boolean }[];
      refused: { code: string }[];
    };
    expect(doc.stored).toHaveLength(2);
    expect(doc.stored[1]?.key).toBe(keyFor(4n, 6n, 1_600_000_000n));
    expect(doc.refused.map((r) => r.code)).toEqual(['NOT_A_SEGMENT']);
    expect((await readdir(join(prefix, 'segments'))).length).toBe(2);
  });

  it('fetch --json links the segment and says where it came from; a missing frame exits 1', async () => {
    const prefix = await tempDir();
    await writeSegmentDir(prefix, [{ start: 1n, end: 10n }]);
    const dest = join(prefix, 'out.segment');
    const ok = await runCli(['fetch', '--dir', prefix, '--frame', '10', '--dest', dest, '--json']);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.out)).toMatchObject({ source: 'local', key: keyFor(1n, 10n), path: dest });
    const missing = await runCli(['fetch', '--dir', prefix, '--frame', '11', '--dest', join(prefix, 'x')]);
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/^segscope: FRAME_NOT_FOUND: no segment holds frame 11/);
  });

  it('fetch falls back to a file:// remote and caches what it fetched', async () => {
    const { prefix, args } = await fetchFromFileRemote({ start: 5n, end: 9n }, 7n);
    const { code, out } = await runCli([...args, '--json']);
    expect(code).toBe(0);
    expect(JSON.parse(out)).toMatchObject({ source: 'remote', key: keyFor(5n, 9n) });
    expect(await readdir(join(prefix, 'segments'))).toEqual([keyFor(5n, 9n)]);
  });

  it('meta, verify and compare answer in their documented shapes', async () => {
    const prefix = await tempDir();
    const [a, b] = await writeSegmentDir(prefix, [
      { start: 1n, end: 5n },
      { start: 6n, end: 9n },
    ]);
    expect(JSON.parse((await runCli(['meta', '--dir', prefix, '--json'])).out)).toEqual({ maxFrameNo: 9 });
    const verify = await runCli(['verify', prefix, '--json']);
    expect(verify.code).toBe(0);
    expect(JSON.parse(verify.out)).toMatchObject({
      ok: true,
      segments: [{ ok: true }, { ok: true }, { file: '(chain of segments)', ok: true }],
    });
    const compare = JSON.parse((await runCli(['compare', a ?? '', b ?? '', '--json'])).out) as {
      header: { field: string; same: boolean }[];
    };
    expect(compare.header.find((f) => f.field === 'startFrameNo')?.same).toBe(false);
  });

  it('verify exits 1 on a damaged segment and names the problem', async () => {
    const prefix = await tempDir();
    const [path] = await writeSegmentDir(prefix, [{ start: 1n, end: 5n }]);
    const bytes = await readFile(path ?? '');
    bytes[100] = (bytes[100] ?? 0) ^ 0xff;
    await writeFile(path ?? '', bytes);
    const { code, out } = await runCli(['verify', prefix]);
    expect(code).toBe(1);
    expect(out).toContain('CHECKSUM_MISMATCH');
  });

  it.each([
    [['list'], /list needs a location: segscope list <path> \(or --dir <path>\)/],
    [['fetch', '--dir', '/tmp', '--frame', 'abc', '--dest', '/tmp/x'], /--frame must be a whole number/],
    [['fetch', '--dir', '/tmp', '--frame', '18446744073709551616', '--dest', '/tmp/x'], /at most 2\^64-1/],
    [['list', '/tmp', '--bogus'], /unknown option --bogus for list; "segscope list --help" lists its options/],
    [['inspect', '/definitely/not/here'], /NOT_FOUND: the file does not exist/],
    [['list', '/tmp', '--remote', 'ftp://x'], /--remote must be s3/],
  ])('usage and input errors exit 2 with one line: %j', async (argv, message) => {
    const { code, err, out } = await runCli(argv);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toMatch(message);
    expect(err).toMatch(/^segscope: [A-Z_]+: /);
    expect(err.trim().split('\n')).toHaveLength(1);
  });

  it(
    'the real binary sets its V8 flags for a command holding a whole listing, without ' +
      'a word on stderr (V8 names a flag it does not know there), and not for meta',
    async () => {
      const prefix = await tempDir();
      await writeSegmentDir(prefix, [{ start: 1n, end: 5n }]);
      // A preloaded probe says at exit whether node:v8, which the flags are set through, was loaded.
      const probe = join(await tempDir(), 'probe.cjs');
      await writeFile(
        probe,
        "process.on('exit', () => require('node:fs').writeFileSync(process.env.PROBE_OUT, " +
          "String(process.moduleLoadList.includes('NativeModule v8'))));",
      );
      const run = async (argv: string[]) => {
        const out = join(await tempDir(), 'probe.out');
        const { stdout, stderr } = await promisify(execFile)(
          process.execPath,
          ['-r', probe, 'bin/segscope.cjs', ...argv],
          { env: { ...process.env, PROBE_OUT: out } },
        );
        return { stdout, stderr, v8: await readFile(out, 'utf8') };
      };
      const list = await run(['list', prefix]);
      expect(list).toMatchObject({ stderr: '', v8: 'true' });
      expect(list.stdout).toMatch(/^1 segment of namespace default in /);
      expect(await run(['meta', '--dir', prefix])).toEqual({
        stdout: 'namespace default: max frame 5\n',
        stderr: '',
        v8: 'false',
      });
    },
  );

  it('the real binary prints u64 values with every digit', async () => {
    const prefix = await tempDir();
    await writeSegmentDir(prefix, [{ start: BIG, end: BIG + 5n }]);
    const { stdout } = await promisify(execFile)(process.execPath, ['bin/segscope.cjs', 'list', prefix, '--json']);
    expect(stdout).toContain(`"startFrameNo": ${BIG}`);
    expect(stdout).toContain(`"maxFrameNo": ${BIG + 5n}`);
  });

  it(
    'the real binary writes to a pipe only as fast as its ' + 'reader takes it, and stops quietly when the reader goes',
    async () => {
      const prefix = await tempDir();
      await writeSegmentDir(
        prefix,
        Array.from({ length: 400 }, (_, i) => ({ start: BigInt(i * 10 + 1), end: BigInt(i * 10 + 10) })),
      );
      const whole = (
        await promisify(execFile)(process.execPath, ['bin/segscope.cjs', 'list', prefix, '--json'], {
          maxBuffer: 1 << 26,
        })
      ).stdout;
      // A reader that stops after its first chunk for a while: the writer must wait, and the
      // output still arrives whole.
      const child = spawn(process.execPath, ['bin/segscope.cjs', 'list', prefix, '--json'], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const chunks: Buffer[] = [];
      child.stdout.on('data', (chunk: Buffer) => {
        if (chunks.push(chunk) === 1) {
          child.stdout.pause();
          setTimeout(() => child.stdout.resume(), 300);
        }
      });
      await new Promise((r) => child.on('close', r));
      expect(chunks.length).toBeGreaterThan(1);
      expect(Buffer.concat(chunks).toString()).toBe(whole);
      // A reader that closes after the first bytes, as `| head -c 100` does.
      const early = spawn(process.execPath, ['bin/segscope.cjs', 'list', prefix, '--json'], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      early.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      early.stdout.once('data', () => early.stdout.destroy());
      const code = await new Promise((r) => early.on('close', r));
      expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    },
  );

  it.runIf(existsSync('/dev/full'))(
    'the real binary says IO_ERROR in one line when its output cannot be written (a full disk)',
    async () => {
      const prefix = await tempDir();
      await writeSegmentDir(prefix, [{ start: 1n, end: 5n }]);
      const full = openSync('/dev/full', 'w');
      try {
        const child = spawn(process.execPath, ['bin/segscope.cjs', 'list', prefix, '--json'], {
          stdio: ['ignore', full, 'pipe'],
        });
        let stderr = '';
        child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
        const code = await new Promise((r) => child.on('close', r));
        // IO_ERROR exits 2, as every I/O failure of a command does.
        expect(code).toBe(2);
        expect(stderr).toMatch(/^segscope: IO_ERROR: could not write the output: .*ENOSPC.*\n$/);
      } finally {
        closeSync(full);
      }
    },
  );

  it('the real binary keeps stderr to its own lines when it loads the AWS SDK, on any Node', async () => {
    const prefix = await tempDir();
    const run = await promisify(execFile)(
      process.execPath,
      [
        'bin/segscope.cjs',
        'list',
        prefix,
        '--remote',
        's3://no-bucket-here',
        '--cluster-id',
        'c',
        '--endpoint',
        'http://127.0.0.1:9',
      ],
      {
        env: { PATH: process.env.PATH, AWS_ACCESS_KEY_ID: 'k', AWS_SECRET_ACCESS_KEY: 's' },
      },
    ).catch((error: { code: number; stderr: string }) => error);
    // A remote that cannot be reached is input that could not be read: exit 2.
    expect('code' in run ? run.code : 0).toBe(2);
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines.every((line) => line.startsWith('segscope: '))).toBe(true);
    expect(lines.at(-1)).toMatch(/^segscope: REMOTE_UNAVAILABLE: /);
    expect(lines.length).toBe(Number(process.versions.node.split('.')[0]) < 22 ? 2 : 1);
  });
});
