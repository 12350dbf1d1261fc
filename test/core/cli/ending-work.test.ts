import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { runBinary, runCli } from '../../support/cli.js';
import { ENDLESS, queryChildren } from '../../support/query-children.js';
import { tempDir } from '../../support/segments.js';

const alive = (pid: number): boolean => {
  try {
    return !readFileSync(`/proc/${pid}/stat`, 'utf8')
      .slice(readFileSync(`/proc/${pid}/stat`, 'utf8').lastIndexOf(')') + 2)
      .startsWith('Z');
  } catch {
    return false;
  }
};

async function demo(): Promise<string> {
  const dir = join(await tempDir(), 'demo');
  expect((await runCli(['demo', dir, '--segments', '6'])).code).toBe(0);
  return dir;
}

describe.skipIf(process.platform !== 'linux')('work ends with what started it', () => {
  it('diff has a time limit: --timeout ends it with QUERY_TIMEOUT naming the flag', async () => {
    const dir = await demo();
    const run = await runBinary(['diff', dir, '--from', '200', '--to', '300', '--timeout', '0.001']);
    expect(run.code, run.err).toBe(1);
    expect(run.err).toMatch(/^segscope: QUERY_TIMEOUT: the diff ran for 0\.001 s.*--timeout/);
    const whole = await runBinary(['diff', dir, '--from', '200', '--to', '300', '--json']);
    expect(whole.code, whole.err).toBe(0);
    expect(JSON.parse(whole.out)).toMatchObject({ tables: expect.any(Array) });
  });

  it('serve killed outright (SIGKILL) takes its query process with it, even one held in SQLite', async () => {
    const dir = await demo();
    const serve = spawn(process.execPath, [join(process.cwd(), 'bin', 'segscope.cjs'), 'serve', dir], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    onTestFinished(() => void serve.kill('SIGKILL'));
    let out = '';
    serve.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    await expect.poll(() => out, { timeout: 20_000 }).toMatch(/#token=/);
    const url = new URL(out.trim().split(' ').at(-1) ?? '');
    const token = new URLSearchParams(url.hash.slice(1)).get('token') ?? '';
    // The answer never comes: the query runs until its process is ended.
    void fetch(new URL('/api/sql', url), {
      method: 'POST',
      headers: { 'X-Segscope-Token': token, 'Content-Type': 'application/json' },
      body: JSON.stringify({ query: ENDLESS }),
    }).catch(() => undefined);
    await expect.poll(() => queryChildren(serve.pid ?? 0).length, { timeout: 20_000 }).toBe(1);
    const [child] = queryChildren(serve.pid ?? 0);
    // Had the child outlived its parent, it would run SQLite for ever: the test ends it either way.
    onTestFinished(() => {
      if (child !== undefined && alive(child)) process.kill(child, 'SIGKILL');
    });
    serve.kill('SIGKILL');
    await expect.poll(() => alive(child ?? 0), { timeout: 3_000 }).toBe(false);
  });
});
