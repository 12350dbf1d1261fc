// `npm start`: build what changed, then the desktop app; where no Electron binary can be had, say
// so in one line and start the browser mode on the same demo data instead. Ctrl-C, SIGTERM, and
// the end of the npm process that started it end everything it started, at any stage.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { build } from './build-steps.mjs';

const root = new URL('..', import.meta.url).pathname;

/** The one process running now (a build step, the demo, the app or the server). */
let current = null;
let stopping = false;

function stop(signal) {
  if (stopping) return;
  stopping = true;
  if (!current) process.exit(0);
  current.kill(signal);
  // What does not end within 5 s is ended.
  setTimeout(() => current?.kill('SIGKILL'), 5000).unref();
}
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGHUP', () => stop('SIGTERM'));

/** A process's parent as Linux's /proc tells it; null where there is no /proc or no process. */
function parentOf(pid) {
  try {
    return Number(
      readFileSync(`/proc/${pid}/stat`, 'utf8')
        .replace(/^.*\) /s, '')
        .split(' ')[1],
    );
  } catch {
    return null;
  }
}
// npm killed outright leaves its shell, and then this process, to init: that ends everything too.
const parent = process.ppid;
const grandparent = parentOf(parent);
setInterval(() => {
  if (process.ppid !== parent || parentOf(parent) !== grandparent) stop('SIGTERM');
}, 250).unref();

/** Runs a process to its end, resolving with its exit status; a stop ends this one. */
function run(command, args) {
  return new Promise((done) => {
    // SEGSCOPE_PARENT_PID: `segscope serve` ends itself when this process is gone, even killed outright.
    current = spawn(command, args, {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, SEGSCOPE_PARENT_PID: String(process.pid) },
    });
    current.on('exit', (code) => {
      current = null;
      if (stopping) process.exit(0);
      done(code ?? 1);
    });
    current.on('error', (error) => {
      console.error(`npm start: ${command}: ${error.message}`);
      process.exit(1);
    });
  });
}

const status = await build({ changedOnly: true, run: (script) => run('npm', ['run', '--silent', script]) });
if (status !== 0) {
  console.error('npm start: the build failed (above); nothing was started');
  process.exit(status);
}

// Built above (electron/binary.ts), shared with the test that launches the real app.
const { electronBinary } = await import('../dist/electron/binary.js');

/** Electron's user-data folder for an app named "segscope", so both modes share the demo. */
function userData() {
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'segscope');
  if (process.platform === 'win32') return join(process.env.APPDATA ?? homedir(), 'segscope');
  return join(process.env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'segscope');
}

const electron = electronBinary();
if (electron) {
  process.exitCode = await run(electron, [root]);
} else {
  console.log(
    'No Electron binary is installed (its installer downloads it from outside the npm registry): starting the ' +
      'browser mode instead.',
  );
  const cli = join(root, 'bin', 'segscope.cjs');
  const demo = join(userData(), 'demo.sqld');
  const made = existsSync(join(demo, 'dbs')) ? 0 : await run(process.execPath, [cli, 'demo', demo, '--segments', '60']);
  process.exitCode = made !== 0 ? made : await run(process.execPath, [cli, 'serve', demo]);
}
