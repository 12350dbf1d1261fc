import { type ChildProcessWithoutNullStreams, execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import type { JobReply } from '../../../core/thread-jobs.js';
import { GONE, MARK_FIELDS, markTable } from '../../../core/storage/mark-slots.js';
import { decodeWire, encodeWire } from '../../../core/transport/codec.js';
import { COMMANDS } from '../../../core/cli/commands/index.js';
import { runBinary, runCli } from '../../support/cli.js';
import { startHostileS3 } from '../../support/hostile-s3.js';
import { spawnServe } from '../../support/serve-process.js';
import { tempDir } from '../../support/segments.js';

let running: ChildProcessWithoutNullStreams | null = null;

afterEach(() => {
  running?.kill('SIGKILL');
  running = null;
});

/** `segscope serve` as installed: its origin and token, once it prints its address. */
async function serve(
  dir: string,
  args: string[] = [],
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ child: ChildProcessWithoutNullStreams; base: string; token: string }> {
  const { child, url: address } = await spawnServe('bin/segscope.cjs', dir, {
    args,
    env,
    started: (c) => (running = c),
  });
  const url = new URL(address);
  return { child, base: url.origin, token: new URLSearchParams(url.hash.slice(1)).get('token') ?? '' };
}

async function call(base: string, token: string, method: string, input: object): Promise<unknown> {
  const res = await fetch(`${base}/api/${method}`, {
    method: 'POST',
    headers: { 'x-segscope-token': token, 'content-type': 'application/json' },
    body: encodeWire(input),
  });
  const body = decodeWire(await res.text()) as { result?: unknown; error?: { code: string; message: string } };
  if (!res.ok) throw new Error(`${method}: ${res.status} ${body.error?.code}: ${body.error?.message}`);
  return body.result;
}

/** `pid`'s child processes, with their command lines. */
async function children(pid: number): Promise<{ pid: number; command: string }[]> {
  const found: { pid: number; command: string }[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    // The parent's pid is the fourth field, after the command name in parentheses.
    const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (parent === pid)
      found.push({
        pid: Number(entry),
        command: (await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '')).split('\0').join(' '),
      });
  }
  return found;
}

async function childCommands(pid: number): Promise<string[]> {
  return (await children(pid)).map((c) => c.command);
}

/** Still running: listed in /proc and not a zombie waiting for its parent to collect it. */
async function alive(pid: number): Promise<boolean> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  return stat !== '' && stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
}

describe('the real binary in browser mode', () => {
  it(
    'answers a query as of a point through its query process, ' +
      'started from the bundle in dist/cli, and stops on SIGTERM',
    async () => {
      const root = join(await tempDir(), 'data.sqld');
      expect((await runCli(['demo', root, '--segments', '6'])).code).toBe(0);
      const { child, base, token } = await serve(root);

      const points = (await call(base, token, 'points', {})) as { points: { frameNo: bigint }[] };
      const at = points.points[Math.floor(points.points.length / 2)]?.frameNo;
      expect(typeof at).toBe('bigint');
      const result = (await call(base, token, 'sql', {
        query: 'select count(*) as n from sqlite_master',
        atFrameNo: at,
      })) as { columns: string[]; rows: unknown[][] };
      expect(result.columns).toEqual(['n']);
      expect(Number(result.rows[0]?.[0])).toBeGreaterThan(0);
      const children = await childCommands(child.pid ?? -1);
      expect(children.some((c) => c.includes(join('dist', 'cli', 'query-process-main.cjs')))).toBe(true);

      const exited = new Promise<number | null>((done) => child.once('exit', done));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      running = null;
    },
  );

  it('ends itself and its query process within 3 s of SIGTERM while a query runs that would never end', async () => {
    const root = join(await tempDir(), 'data.sqld');
    expect((await runCli(['demo', root, '--segments', '6'])).code).toBe(0);
    const { child, base, token } = await serve(root);
    const endless = 'WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT count(*) FROM n';
    const query = call(base, token, 'sql', { query: endless }).catch((error: unknown) => error);
    const pid = child.pid ?? -1;
    let started: { pid: number; command: string }[] = [];
    await expect
      .poll(async () => (started = await children(pid)).some((c) => c.command.includes('query-process-main')))
      .toBe(true);
    // Let the query run a while first: its process is then deep in SQLite, deaf to its IPC channel.
    await new Promise((r) => setTimeout(r, 500));
    const pids = [pid, ...started.map((c) => c.pid)];
    const signalled = Date.now();
    child.kill('SIGTERM');
    await expect
      .poll(async () => (await Promise.all(pids.map(alive))).some(Boolean), { timeout: 3000, interval: 50 })
      .toBe(false);
    expect(Date.now() - signalled).toBeLessThan(3000);
    expect(await query).toBeInstanceOf(Error);
    running = null;
  });

  it('ends within 3 s of SIGTERM while a call to a bucket that never answers is waiting', async () => {
    const hostile = await startHostileS3();
    try {
      const root = join(await tempDir(), 'data.sqld');
      expect((await runCli(['demo', root, '--segments', '6'])).code).toBe(0);
      const remote = ['--remote', 's3://silent-list', '--endpoint', hostile.endpoint, '--cluster-id', 'cluster-1'];
      const { child, base, token } = await serve(root, remote, {
        ...process.env,
        AWS_ACCESS_KEY_ID: 'k',
        AWS_SECRET_ACCESS_KEY: 's',
      });
      const listing = call(base, token, 'listRemote', {}).catch((error: unknown) => error);
      await expect.poll(() => hostile.requests.length).toBeGreaterThan(0);
      const exited = new Promise<number | null>((done) => child.once('exit', done));
      const signalled = Date.now();
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(Date.now() - signalled).toBeLessThan(3000);
      expect(await listing).toBeInstanceOf(Error);
      running = null;
    } finally {
      await hostile.close();
    }
  });
});

/** One job to a thread started from `entry`: every reply until the one that says it is done. */
async function oneJob(entry: string, job: object): Promise<JobReply[]> {
  const worker = new Worker(entry);
  try {
    return await new Promise<JobReply[]>((done, failed) => {
      const replies: JobReply[] = [];
      worker.on('message', (reply: JobReply) => (reply.done ? done(replies) : replies.push(reply)));
      worker.once('error', failed);
      worker.postMessage({ ...job, id: 7 });
    });
  } finally {
    await worker.terminate();
  }
}

describe("the command's thread bundles in dist/cli", () => {
  it('verify-thread.cjs claims and verifies files as the first thread would', async () => {
    const root = join(await tempDir(), 'data.sqld');
    expect((await runCli(['demo', root, '--segments', '6'])).code).toBe(0);
    const wal = join(root, 'dbs', 'default', 'data-wal');
    const paths = (await readdir(wal)).sort().map((name) => join(wal, name));
    const broken = join(await tempDir(), 'not-a-segment.seg');
    await writeFile(broken, 'text');
    const replies = await oneJob(join(process.cwd(), 'dist', 'cli', 'verify-thread.cjs'), {
      paths: [...paths, broken],
      claims: new Int32Array(new SharedArrayBuffer(4)),
    });
    // Two files at a time (inspect/claim-lanes.ts): replies come as files finish, each index once.
    const verified = replies
      .map((r) => r as unknown as { id: number; index: number; segment: { ok: boolean; problems: { code: string }[] } })
      .sort((a, b) => a.index - b.index);
    expect(verified.map((r) => r.index)).toEqual([...paths, broken].map((_, i) => i));
    expect(verified.every((r) => r.id === 7)).toBe(true);
    expect(verified.slice(0, -1).every((r) => r.segment.ok)).toBe(true);
    expect(verified.at(-1)?.segment.ok).toBe(false);
  });

  it('stat-thread.cjs takes every mark of the table it is sent', async () => {
    const dir = await tempDir();
    const paths = await Promise.all(
      Array.from({ length: 3 }, async (_, i) => {
        const path = join(dir, `f${i}`);
        await writeFile(path, 'x'.repeat(i + 1));
        return path;
      }),
    );
    const table = markTable([...paths, join(dir, 'missing')]);
    await oneJob(join(process.cwd(), 'dist', 'cli', 'stat-thread.cjs'), { table });
    for (const [i, path] of paths.entries()) {
      const info = await stat(path);
      expect(Array.from(table.marks.subarray(i * MARK_FIELDS, (i + 1) * MARK_FIELDS))).toEqual([
        info.size,
        info.mtimeMs,
        info.ctimeMs,
        info.ino,
      ]);
    }
    expect(table.marks[3 * MARK_FIELDS]).toBe(GONE);
  });
});

/**
 * What one command run in a process of its own loaded, main.cjs loaded as bin/segscope.cjs loads
 * it: the files required (paths relative to dist/cli, the bundle loader first) and whether Node's
 * zlib and stream modules were loaded.
 */
function loadedBy(argv: string[]): { files: string[]; zlib: boolean; streams: boolean; fsPromises: boolean } {
  const script = `
    const { loadBundle } = require('./dist/cli/code-cache.cjs');
    const { main, syncOutput } = loadBundle(require('node:path').resolve('dist/cli/main.cjs'));
    main(${JSON.stringify(argv)}, { stdout: syncOutput(2), stderr: syncOutput(2), env: {} }).then((code) => {
      const path = require('node:path');
      const files = Object.keys(require.cache).map((f) => path.relative(path.resolve('dist/cli'), f));
      const natives = process.moduleLoadList;
      const zlib = natives.includes('NativeModule zlib');
      const fsPromises = natives.includes('NativeModule fs/promises');
      console.log(JSON.stringify({ code, files, zlib, streams: natives.includes('NativeModule stream'), fsPromises }));
    });`;
  const out = JSON.parse(
    execFileSync(process.execPath, ['-e', script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }),
  ) as { code: number; files: string[]; zlib: boolean; streams: boolean; fsPromises: boolean };
  const { code, ...loaded } = out;
  expect(code).toBe(0);
  return loaded;
}

/** For each bundle, whether a fresh Node process's V8 refuses the code cache written beside it. */
function cacheRefusals(bundles: string[]): boolean[] {
  const script = `
    const { readFileSync } = require('node:fs');
    const { cacheFileOf, compileBundle } = require('./dist/cli/code-cache.cjs');
    const refused = process.argv.slice(1).map((file) => {
      return compileBundle(file, readFileSync(cacheFileOf(file))).cachedDataRejected;
    });
    console.log(JSON.stringify(refused));`;
  const out = execFileSync(process.execPath, ['-e', script, ...bundles.map((b) => resolve(b))], { encoding: 'utf8' });
  return JSON.parse(out) as boolean[];
}

describe("the command's bundles in dist/cli", () => {
  it(
    '--help loads the dispatcher alone, and a command only its own ' +
      'bundle, without zlib, streams or node:fs/promises where it reads no checksum',
    async () => {
      expect(loadedBy(['--help'])).toEqual({
        files: ['code-cache.cjs', 'main.cjs'],
        zlib: false,
        streams: false,
        fsPromises: false,
      });
      const root = join(await tempDir(), 'seed');
      expect((await runCli(['demo', root, '--layout', 'seed', '--segments', '10'])).code).toBe(0);
      expect(loadedBy(['meta', '--dir', root])).toEqual({
        files: ['code-cache.cjs', 'main.cjs', 'cli.commands.meta.cjs'],
        zlib: false,
        streams: false,
        // Its stat, lstat and readdir come from node:fs's callbacks (core/fs-async.ts).
        fsPromises: false,
      });
      // A command that reads checksums loads zlib when it first needs it.
      const segments = (await readdir(join(root, 'segments'))).map((name) => join(root, 'segments', name));
      expect(loadedBy(['inspect', segments[0] ?? ''])).toMatchObject({
        files: ['code-cache.cjs', 'main.cjs', 'cli.commands.inspect.cjs'],
        zlib: true,
      });
    },
  );

  it('loads the bundle of a later part where a path first needs it, and the path works from it', async () => {
    const root = join(await tempDir(), 'seed');
    expect((await runCli(['demo', root, '--layout', 'seed', '--segments', '10'])).code).toBe(0);
    // Listing probes every file (layouts/probe-entries.ts): meta above reads no file and loads none of it.
    expect(loadedBy(['list', '--dir', root]).files).toEqual([
      'code-cache.cjs',
      'main.cjs',
      'cli.commands.list.cjs',
      'layouts.probe-entries.cjs',
    ]);
    const listed = await runBinary(['list', '--dir', root, '--json']);
    expect((JSON.parse(listed.out) as { segments: unknown[] }).segments).toHaveLength(11);
    // Storing reads and decodes the segment (backend/segment-intake.ts).
    const segment = join(root, 'segments', (await readdir(join(root, 'segments')))[0] ?? '');
    const other = await tempDir();
    expect(loadedBy(['store', segment, '--dir', other]).files).toEqual([
      'code-cache.cjs',
      'main.cjs',
      'cli.commands.store.cjs',
      'backend.segment-intake.cjs',
    ]);
    expect(await readdir(join(other, 'segments'))).toEqual([basename(segment)]);
    // A sqld data directory's layout loads when one is opened.
    const sqld = join(import.meta.dirname, '../../vectors/sqld-default/data.sqld');
    expect(loadedBy(['meta', sqld]).files).toEqual(
      expect.arrayContaining(['cli.commands.meta.cjs', 'layouts.sqld-data-dir.cjs']),
    );
    const meta = await runBinary(['meta', sqld, '--json']);
    expect(meta.code).toBe(0);
    expect(JSON.parse(meta.out)).toHaveProperty('maxFrameNo');
  });

  it('has a code cache this Node accepts beside each bundle that code loads', async () => {
    const names = (await readdir('dist/cli')).filter((name) => name.endsWith('.cjs'));
    const cached = names.filter((name) => existsSync(join('dist', 'cli', `${name}.code-cache`)));
    // Node itself loads these: the loader, and the threads and the query process by their file.
    const byNode = ['code-cache.cjs', 'query-process-main.cjs', 'stat-thread.cjs', 'verify-thread.cjs'];
    expect([...cached, ...byNode].sort()).toEqual([...names].sort());
    for (const spec of COMMANDS) expect(cached).toContain(`cli.commands.${spec.name}.cjs`);
    expect(cached).toEqual(
      expect.arrayContaining(['main.cjs', 'layouts.probe-entries.cjs', 'layouts.sqld-data-dir.cjs']),
    );
    expect(cacheRefusals(cached.map((name) => join('dist', 'cli', name)))).toEqual(cached.map(() => false));
  });

  it("has meta's cache and the dispatcher's written after a run of meta, holding the functions it compiled", () => {
    // A cache made from a compile alone holds the top-level code only: the trained one is larger.
    const script = `
      const { readFileSync } = require('node:fs');
      const { cacheFileOf, compileBundle } = require('./dist/cli/code-cache.cjs');
      const sizes = process.argv.slice(1).map((file) => [
        readFileSync(cacheFileOf(file)).length,
        compileBundle(file).createCachedData().length,
      ]);
      console.log(JSON.stringify(sizes));`;
    const bundles = ['main', 'cli.commands.meta', 'cli.commands.list'].map((name) =>
      resolve('dist', 'cli', `${name}.cjs`),
    );
    const sizes = JSON.parse(execFileSync(process.execPath, ['-e', script, ...bundles], { encoding: 'utf8' })) as [
      number,
      number,
    ][];
    const [main, meta, list] = sizes.map(([written, compiled]) => written / compiled);
    expect(main).toBeGreaterThan(1.2);
    expect(meta).toBeGreaterThan(1.2);
    // A command without a training run keeps the cache of its compile (whose size varies a little).
    expect(list).toBeLessThan(1.05);
  });

  it('runs a bundle whose cache was made for other text: V8 refuses the cache, the bundle is compiled', async () => {
    const dir = await tempDir();
    const bundle = join(dir, 'cli.commands.meta.cjs');
    await writeFile(bundle, `${await readFile('dist/cli/cli.commands.meta.cjs', 'utf8')}\n// another build\n`);
    await copyFile('dist/cli/cli.commands.meta.cjs.code-cache', `${bundle}.code-cache`);
    expect(cacheRefusals([bundle])).toEqual([true]);
    const script = `
      const { command } = require('./dist/cli/code-cache.cjs').loadBundle(${JSON.stringify(bundle)});
      console.log(typeof command.run);`;
    expect(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' })).toBe('function\n');
  });

  it("reports an error thrown inside a command's bundle with its code, as the dispatcher's own", async () => {
    const dir = join(await tempDir(), 'demo');
    const run = spawnSync(process.execPath, ['bin/segscope.cjs', 'demo', dir, '--layout', 'seed', '--segments', '4'], {
      encoding: 'utf8',
    });
    expect(run.status).toBe(2);
    expect(run.stderr).toBe('segscope: INVALID_ARGUMENT: --segments must be a whole number from 8 to 100000\n');
    // With SEGSCOPE_DEBUG=1 the stack follows, mapped from the bundle back to the TypeScript source.
    const debug = spawnSync(
      process.execPath,
      ['bin/segscope.cjs', 'demo', dir, '--layout', 'seed', '--segments', '4'],
      { encoding: 'utf8', env: { ...process.env, SEGSCOPE_DEBUG: '1' } },
    );
    expect(debug.status).toBe(2);
    expect(debug.stderr).toMatch(/core\/cli\/commands\/demo\.ts:\d+:\d+/);
  });
});
