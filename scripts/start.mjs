// `npm start`: build, then the desktop app; where no Electron binary can be had, say so in one
// line and start the browser mode on the same demo data instead.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
execFileSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
// Built just above (electron/binary.ts), shared with the test that launches the real app.
const { electronBinary } = await import('../dist/electron/binary.js');

/** Electron's user-data folder for an app named "segscope", so both modes share the demo. */
function userData() {
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'segscope');
  if (process.platform === 'win32') return join(process.env.APPDATA ?? homedir(), 'segscope');
  return join(process.env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'segscope');
}

const electron = electronBinary();
if (electron) {
  spawn(electron, [root], { stdio: 'inherit' }).on('exit', (code) => process.exit(code ?? 0));
} else {
  console.log('No Electron binary is installed (its installer downloads it from outside the npm registry): starting the browser mode instead.');
  const cli = join(root, 'bin', 'segscope.cjs');
  const demo = join(userData(), 'demo.sqld');
  if (!existsSync(join(demo, 'dbs'))) execFileSync(process.execPath, [cli, 'demo', demo, '--segments', '60'], { stdio: 'inherit' });
  spawn(process.execPath, [cli, 'serve', '--dir', demo], { stdio: 'inherit' }).on(
    'exit',
    (code) => process.exit(code ?? 0),
  );
}
