import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Compiled to dist/test/bench; the command and the Python scripts live in the source tree. */
export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const SEGSCOPE = join(ROOT, 'bin', 'segscope.cjs');

/**
 * The environment every command runs in. `segscope` is run as the installed command is, through
 * its `#!` line, with this Node first on the PATH. Node 20 reads
 * NODE_EXTRA_CA_CERTS at start, before any script runs (Node 24 only when TLS needs it); on a
 * machine whose environment names a large bundle that is tens of milliseconds of every start that
 * no command can avoid, so the measured environment leaves it out and the cli suite shows its
 * cost. The same PATH serves the Python baselines: here /usr/bin's python3 comes before pyenv's
 * shim, a shell script that added 50-90 ms to every Python start (and flattered Segscope).
 */
export const COMMAND_ENV: NodeJS.ProcessEnv = {
  ...Object.fromEntries(Object.entries(process.env).filter(([name]) => name !== 'NODE_EXTRA_CA_CERTS')),
  PATH: `${dirname(process.execPath)}:${process.env.PATH ?? ''}`,
};
