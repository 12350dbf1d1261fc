import { spawn } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { electronBinary } from '../../electron/binary.js';
import { tempDir } from '../support/segments.js';

/** Every process below `pid`, from Linux's /proc. */
function descendants(pid: number): number[] {
  const parents = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const parent = Number(
        readFileSync(`/proc/${entry}/stat`, 'utf8')
          .replace(/^.*\) /s, '')
          .split(' ')[1],
      );
      parents.set(parent, [...(parents.get(parent) ?? []), Number(entry)]);
    } catch {
      // Ended while being read.
    }
  }
  const found: number[] = [];
  const visit = (p: number) => {
    for (const child of parents.get(p) ?? []) {
      found.push(child);
      visit(child);
    }
  };
  visit(pid);
  return found;
}

const alive = (pid: number): boolean => {
  try {
    return !readFileSync(`/proc/${pid}/stat`, 'utf8')
      .replace(/^.*\) /s, '')
      .startsWith('Z');
  } catch {
    return false;
  }
};

const commandLine = (pid: number): string => {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return '';
  }
};

/**
 * Each process a test started, with its command line when seen: killed after the test whatever
 * happened (a test that hits its timeout skips its own end), unless its pid now names another.
 */
const startedByTest = new Map<number, string>();
const track = (pids: number[]): void => {
  for (const pid of pids) startedByTest.set(pid, commandLine(pid));
};
afterEach(() => {
  track([...startedByTest.keys()].flatMap(descendants));
  for (const [pid, command] of startedByTest) {
    if (command === '' || commandLine(pid) !== command) continue;
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Ended meanwhile.
    }
  }
  startedByTest.clear();
});

/**
 * `npm start` as a person runs it, to the address of the browser mode (no Electron binary here),
 * then `signal` sent to npm, or to scripts/start.mjs below it.
 */
async function started(signal: NodeJS.Signals, target: 'npm' | 'start.mjs' = 'npm'): Promise<number[]> {
  const config = await tempDir();
  const npm = spawn('npm', ['start'], {
    env: { ...process.env, XDG_CONFIG_HOME: config },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  track([npm.pid ?? 0]);
  let out = '';
  npm.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  await expect
    .poll(() => out, { timeout: 60_000, interval: 100 })
    .toMatch(/Segscope running at http:\/\/127\.0\.0\.1:\d+\//);
  const started = descendants(npm.pid ?? 0);
  track(started);
  expect(started.length).toBeGreaterThanOrEqual(2);
  if (target === 'npm') npm.kill(signal);
  else process.kill(started.find((pid) => commandLine(pid).includes('scripts/start.mjs')) ?? -1, signal);
  return started;
}

/** When each build step last succeeded (the marks scripts/build-steps.mjs leaves in dist/). */
function marks(): Record<string, number> {
  const dist = join(process.cwd(), 'dist');
  return Object.fromEntries(
    readdirSync(dist)
      .filter((f) => f.startsWith('.built-'))
      .map((f) => [f, statSync(join(dist, f)).mtimeMs]),
  );
}

/** Said in the suite's name, so the run's report shows why it did not run. */
const why =
  electronBinary() !== null
    ? ' (skipped: an Electron binary is installed, so npm start opens the app)'
    : process.platform !== 'linux'
      ? ' (skipped: needs /proc)'
      : '';

describe.skipIf(why !== '')(`npm start${why}`, () => {
  it('builds nothing when nothing changed, and SIGTERM to npm ends everything it started', async () => {
    // `npm test` has just built everything: the start must not build again.
    const before = marks();
    expect(Object.keys(before).sort()).toEqual(['.built-cli', '.built-core', '.built-electron', '.built-renderer']);
    const left = await started('SIGTERM');
    await expect.poll(() => left.filter(alive), { timeout: 8_000 }).toEqual([]);
    expect(marks()).toEqual(before);
  });

  it('npm killed outright (SIGKILL, no signal passed on) leaves nothing running under init', async () => {
    const left = await started('SIGKILL');
    await expect.poll(() => left.filter(alive), { timeout: 8_000 }).toEqual([]);
  });

  it('scripts/start.mjs killed outright: the server it started sees it gone and stops', async () => {
    const left = await started('SIGKILL', 'start.mjs');
    await expect.poll(() => left.filter(alive), { timeout: 8_000 }).toEqual([]);
  });
});
