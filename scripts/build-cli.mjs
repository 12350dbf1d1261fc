// `npm run build:cli`: the installed command as CommonJS bundles in dist/cli, one file each to
// load (Node's ES module loader costs time for each module at start, and to start at all):
// main.cjs (the dispatcher and the command table), the threads, the query process, and a bundle
// for every module that code loads with `import('./x.js')` (lazyBundles below): each command's
// module, which the table loads that way, and what a command needs only on some of its paths (a
// layout's listing, a remote, storing). A command so parses only the code its start runs. Each
// bundle loaded that way gets a V8 code cache beside it (scripts/code-cache.js), written here by
// the Node that runs the build.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { build } from 'esbuild';
import { TRAINING_ENV, cacheFileOf, compileBundle } from './code-cache.js';

const root = new URL('..', import.meta.url).pathname;
const outdir = `${root}dist/cli`;

/** The bundle of a module loaded with import(), named after its path below core/: `layouts.probe-entries`. */
function bundleName(file) {
  return relative(join(root, 'core'), file).replace(/\.ts$/, '').replaceAll('/', '.');
}

/**
 * `import('./x.js')` of one of the project's modules becomes a load of that module's own bundle,
 * dist/cli/<name>.cjs, with its cache, instead of joining the bundle of the code that asks for it.
 * `found` collects the modules: each is an entry of the next build. A module that both bundles
 * use is a copy in each (a SegscopeError from either is one: core/errors.ts). Node's modules and
 * the packages stay requires of their own.
 */
function lazyBundles(found) {
  return {
    name: 'lazy-bundles',
    setup(esbuild) {
      esbuild.onResolve({ filter: /^\.\.?\// }, (args) => {
        if (args.kind !== 'dynamic-import') return undefined;
        const file = resolve(args.resolveDir, args.path.replace(/\.js$/, '.ts'));
        const name = bundleName(file);
        found.set(name, file);
        return { path: name, namespace: 'lazy-bundle' };
      });
      esbuild.onLoad({ filter: /.*/, namespace: 'lazy-bundle' }, (args) => ({
        contents: `module.exports = require('./code-cache.cjs').loadBundle(__dirname + ${JSON.stringify(`/${args.path}.cjs`)});`,
        loader: 'js',
      }));
      esbuild.onResolve({ filter: /^\.\/code-cache\.cjs$/ }, (args) => ({ path: args.path, external: true }));
    },
  };
}

function bundle(entryPoints, found) {
  return build({
    absWorkingDir: root,
    entryPoints,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    // import() of what stays outside a bundle (another bundle, node:worker_threads) becomes a
    // require: an import() would start Node's ES module loader.
    supported: { 'dynamic-import': false },
    // import.meta.url is the bundle's own address (scripts/import-meta-url.js), so a thread or the
    // query process is found beside it; made when code first asks for it, not as each bundle loads.
    define: { 'import.meta.url': 'importMeta.url' },
    inject: ['scripts/import-meta-url.js'],
    // Without comments or indentation a bundle is a quarter smaller, and comments with non-ASCII
    // characters no longer make Node decode and V8 parse the whole file as two-byte text, which
    // starts a command sooner. Names are kept; SEGSCOPE_DEBUG=1 maps stacks back to the sources through
    // the maps written beside the bundles (bin/segscope.cjs).
    minifyWhitespace: true,
    sourcemap: 'linked',
    outdir,
    outExtension: { '.js': '.cjs' },
    plugins: [lazyBundles(found)],
    logLevel: 'warning',
  });
}

// A bundle or cache left from an earlier build would stand beside bundles it was not built with.
rmSync(outdir, { recursive: true, force: true });
const ENTRIES = {
  main: 'core/cli/main.ts',
  'code-cache': 'scripts/code-cache.js',
  'verify-thread': 'core/inspect/verify-thread.ts',
  'stat-thread': 'core/storage/stat-thread.ts',
  'query-process-main': 'core/timetravel/query-process-main.ts',
};
/** Every module loaded with import(), by bundle name; built until a build finds none it did not build. */
const lazy = new Map();
for (let built = -1; built < lazy.size;) {
  built = lazy.size;
  await bundle({ ...ENTRIES, ...Object.fromEntries(lazy) }, lazy);
}

for (const name of ['main', ...lazy.keys()]) {
  const file = `${outdir}/${name}.cjs`;
  writeFileSync(cacheFileOf(file), compileBundle(file).createCachedData());
}

/**
 * The starts held to a time (`npm run bench`'s cli suite: `meta` under 80 ms) get caches written
 * after a run of the command on a small seed folder, so they hold the functions that run compiled
 * too: compiling them at every start was about a quarter of what `meta` adds to Node's own start.
 * Every bundle the run loads (the dispatcher, the command's) gets its cache from that run. A run
 * that fails fails the build.
 */
const TRAINING_RUNS = [(dir) => ['meta', '--dir', dir]];

const scratch = mkdtempSync(join(tmpdir(), 'segscope-build-'));
try {
  const bin = `${root}bin/segscope.cjs`;
  const seed = join(scratch, 'seed');
  const quiet = { stdio: ['ignore', 'ignore', 'inherit'] };
  execFileSync(process.execPath, [bin, 'demo', seed, '--layout', 'seed', '--segments', '10'], quiet);
  for (const argv of TRAINING_RUNS) {
    execFileSync(process.execPath, [bin, ...argv(seed)], { ...quiet, env: { ...process.env, [TRAINING_ENV]: '1' } });
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
