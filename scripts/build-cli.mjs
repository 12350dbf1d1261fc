// `npm run build:cli`: the installed command as CommonJS bundles in dist/cli, one file each to
// load (Node's ES module loader costs time for each module at start, and to start at all):
// main.cjs (the dispatcher and the command table), one bundle per command, the threads and the
// query process. A command's module is loaded by the table through `import('./<name>.js')`; here
// that stays a load of the command's own bundle instead of joining main.cjs, so a command
// parses only its own code. Each bundle the command loads gets a V8 code cache beside it
// (scripts/code-cache.js), written here by the Node that runs the build.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { build } from 'esbuild';
import { TRAINING_ENV, cacheFileOf, compileBundle } from './code-cache.js';

const root = new URL('..', import.meta.url).pathname;
const commands = readdirSync(`${root}core/cli/commands`)
  .filter((file) => file.endsWith('.ts') && file !== 'index.ts')
  .map((file) => file.slice(0, -'.ts'.length));

// A command's `import('./<name>.js')` becomes a load of dist/cli/<name>.cjs with its cache.
const commandBundles = {
  name: 'command-bundles',
  setup(esbuild) {
    esbuild.onResolve({ filter: /^\.\/[a-z-]+\.js$/ }, (args) =>
      args.kind === 'dynamic-import' && args.importer.endsWith('/core/cli/commands/index.ts')
        ? { path: args.path.replace(/\.js$/, '.cjs'), namespace: 'command-bundle' }
        : undefined,
    );
    esbuild.onLoad({ filter: /.*/, namespace: 'command-bundle' }, (args) => ({
      contents: `module.exports = require('./code-cache.cjs').loadBundle(__dirname + ${JSON.stringify(args.path.slice(1))});`,
      loader: 'js',
    }));
    esbuild.onResolve({ filter: /^\.\/code-cache\.cjs$/ }, (args) => ({ path: args.path, external: true }));
  },
};

const outdir = `${root}dist/cli`;
const cached = ['main', ...commands];
// A cache left from an earlier build would stand beside a bundle it was not made from.
for (const name of cached) rmSync(cacheFileOf(`${outdir}/${name}.cjs`), { force: true });

await build({
  absWorkingDir: root,
  entryPoints: {
    main: 'core/cli/main.ts',
    'code-cache': 'scripts/code-cache.js',
    ...Object.fromEntries(commands.map((name) => [name, `core/cli/commands/${name}.ts`])),
    'verify-thread': 'core/inspect/verify-thread.ts',
    'stat-thread': 'core/storage/stat-thread.ts',
    'query-process-main': 'core/timetravel/query-process-main.ts',
  },
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  // import() of what stays outside a bundle (a command's bundle, node:worker_threads) becomes a
  // require: an import() would start Node's ES module loader.
  supported: { 'dynamic-import': false },
  // import.meta.url is the bundle's own address (scripts/import-meta-url.js), so a thread or the
  // query process is found beside it.
  define: { 'import.meta.url': 'importMetaUrl' },
  inject: ['scripts/import-meta-url.js'],
  // Without comments or indentation a bundle is a quarter smaller, and comments with non-ASCII
  // characters no longer make Node decode and V8 parse the whole file as two-byte text, which
  // starts a command sooner. Names are kept; SEGSCOPE_DEBUG=1 maps stacks back to the sources through
  // the maps written beside the bundles (bin/segscope.cjs).
  minifyWhitespace: true,
  sourcemap: 'linked',
  outdir,
  outExtension: { '.js': '.cjs' },
  plugins: [commandBundles],
  logLevel: 'warning',
});

for (const name of cached) {
  const bundle = `${outdir}/${name}.cjs`;
  writeFileSync(cacheFileOf(bundle), compileBundle(bundle).createCachedData());
}

/**
 * The starts held to a time (`npm run bench`'s cli suite: `meta` under 80 ms) get caches written
 * after a run of the command on a small seed folder, so they hold the functions that run compiled
 * too: compiling them at every start was about a quarter of what `meta` adds to Node's own start.
 * The dispatcher's cache comes from the `meta` run. A run that fails fails the build.
 */
const TRAINING_RUNS = [{ argv: (dir) => ['meta', '--dir', dir], bundles: ['main', 'meta'] }];

const scratch = mkdtempSync(join(tmpdir(), 'segscope-build-'));
try {
  const bin = `${root}bin/segscope.cjs`;
  const seed = join(scratch, 'seed');
  const quiet = { stdio: ['ignore', 'ignore', 'inherit'] };
  execFileSync(process.execPath, [bin, 'demo', seed, '--layout', 'seed', '--segments', '10'], quiet);
  for (const { argv, bundles } of TRAINING_RUNS) {
    const training = bundles.map((name) => `${outdir}/${name}.cjs`).join(delimiter);
    execFileSync(process.execPath, [bin, ...argv(seed)], {
      ...quiet,
      env: { ...process.env, [TRAINING_ENV]: training },
    });
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
