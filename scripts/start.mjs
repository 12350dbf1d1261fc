// `npm start`: build what changed, then the desktop app; where no Electron binary can be had, say
// so in one line and start the browser mode on the same demo data instead. Ctrl-C, SIGTERM, and
// the end of the npm process that started it end everything it started.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;

/**
 * Each build step with what it reads. A step runs when one of its inputs is newer than the mark it
 * left when it last succeeded: a second start builds nothing (13.5 s to the address when every
 * start built everything).
 */
const SHARED = ['package.json', 'package-lock.json', 'tsconfig.json'];
const STEPS = [
  { script: 'build:core', inputs: ['core', 'electron', 'test/bench', 'tsconfig.build.json', ...SHARED] },
  { script: 'build:cli', inputs: ['core', 'scripts/build-cli.mjs', 'scripts/import-meta-url.js', ...SHARED] },
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

const times = new Map();
const newestOf = (input) => times.get(input) ?? times.set(input, newest(join(root, input))).get(input);

for (const step of STEPS) {
  const mark = join(root, 'dist', `.built-${step.script.slice('build:'.length)}`);
  const built = newest(mark);
  if (built > 0 && step.inputs.every((input) => newestOf(input) < built)) continue;
  const started = Date.now();
  try {
    execFileSync('npm', ['run', '--silent', step.script], { cwd: root, stdio: 'inherit' });
  } catch (error) {
    // The build has said what failed above; nothing is started on a failed build.
    console.error(`npm start: ${step.script} failed (above); nothing was started`);
    process.exit(typeof error.status === 'number' ? error.status : 1);
  }
  // The mark's time is when the build started: a file saved during the build is newer than it.
  writeFileSync(mark, '');
  utimesSync(mark, started / 1000, started / 1000);
}

// Built above (electron/binary.ts), shared with the test that launches the real app.
const { electronBinary } = await import('../dist/electron/binary.js');

/** Electron's user-data folder for an app named "segscope", so both modes share the demo. */
function userData() {
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'segscope');
  if (process.platform === 'win32') return join(process.env.APPDATA ?? homedir(), 'segscope');
  return join(process.env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'segscope');
}

/** Runs the app or the server, and ends it with this process however this process is ended. */
function run(command, args) {
  const child = spawn(command, args, { stdio: 'inherit' });
  let stopping = false;
  const stop = (signal) => {
    if (stopping) return;
    stopping = true;
    child.kill(signal);
    // What does not end within 5 s is ended.
    setTimeout(() => child.kill('SIGKILL'), 5000).unref();
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGHUP', () => stop('SIGTERM'));
  // npm killed without passing the signal on leaves this process to init: that ends it too.
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) stop('SIGTERM');
  }, 500).unref();
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
}

const electron = electronBinary();
if (electron) {
  run(electron, [root]);
} else {
  console.log('No Electron binary is installed (its installer downloads it from outside the npm registry): starting the browser mode instead.');
  const cli = join(root, 'bin', 'segscope.cjs');
  const demo = join(userData(), 'demo.sqld');
  if (!existsSync(join(demo, 'dbs'))) execFileSync(process.execPath, [cli, 'demo', demo, '--segments', '60'], { stdio: 'inherit' });
  run(process.execPath, [cli, 'serve', demo]);
}
