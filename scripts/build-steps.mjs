// The build's steps and what each reads: `npm run build` runs them all, `npm start` only those
// whose inputs changed since they last succeeded (a mark per step in dist/). A second start then
// builds nothing (13.5 s to the address when every start built everything).
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const SHARED = ['package.json', 'package-lock.json', 'tsconfig.json'];
const STEPS = [
  { script: 'build:core', inputs: ['core', 'electron', 'test/bench', 'tsconfig.build.json', ...SHARED] },
  {
    script: 'build:cli',
    inputs: ['core', 'bin', 'scripts/build-cli.mjs', 'scripts/code-cache.js', 'scripts/import-meta-url.js', ...SHARED],
  },
  { script: 'build:renderer', inputs: ['core', 'renderer', ...SHARED] },
  { script: 'build:electron', inputs: ['electron', 'core', ...SHARED] },
];

/** The newest modification time under `path` (a file or a folder), 0 when it does not exist. */
function newest(path) {
  let info;
  try {
    info = statSync(path);
  } catch {
    return 0;
  }
  if (!info.isDirectory()) return info.mtimeMs;
  let time = info.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (entry !== 'node_modules' && entry !== 'dist') time = Math.max(time, newest(join(path, entry)));
  }
  return time;
}

/** Runs `npm run <script>`, resolving with its exit status. */
function npmRun(script) {
  return new Promise((done) => {
    spawn('npm', ['run', '--silent', script], { cwd: root, stdio: 'inherit' }).on('exit', (code) => done(code ?? 1));
  });
}

/**
 * Runs the steps (only the changed ones with `changedOnly`) through `run`, which resolves with a
 * step's exit status; the first failure ends the build with that status.
 */
export async function build({ changedOnly, run = npmRun }) {
  const times = new Map();
  const newestOf = (input) => times.get(input) ?? times.set(input, newest(join(root, input))).get(input);
  for (const step of STEPS) {
    const mark = join(root, 'dist', `.built-${step.script.slice('build:'.length)}`);
    const built = newest(mark);
    if (changedOnly && built > 0 && step.inputs.every((input) => newestOf(input) < built)) continue;
    const started = Date.now();
    const status = await run(step.script);
    if (status !== 0) return status;
    // The mark's time is when the step started: a file saved while it ran is newer than it.
    mkdirSync(join(root, 'dist'), { recursive: true });
    writeFileSync(mark, '');
    utimesSync(mark, started / 1000, started / 1000);
  }
  return 0;
}

if (process.argv[1] === new URL(import.meta.url).pathname) {
  process.exitCode = await build({ changedOnly: process.argv.includes('--changed') });
}
