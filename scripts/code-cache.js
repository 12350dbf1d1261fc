// The command's bundles (dist/cli/*.cjs) loaded with a V8 code cache that the build writes beside
// each one (scripts/build-cli.mjs). Node's own loader compiles a bundle from its text at every
// start, pre-parsing every function in it: for `meta`'s bundle, when it held every layout it might
// open (280 KB), that was a third of what the command added to Node's own start. From the cache
// V8 reads the compiled top-level code instead, and parses a function only when it is first
// called. A cache the build writes after a training run of a command (TRAINING_ENV) also holds
// every function that run compiled, so a start that runs the same path compiles none again.
// Built into dist/cli/code-cache.cjs, which bin/segscope.cjs and every bundle that loads another require.
import { readFileSync, writeFileSync } from 'node:fs';
import { Module, createRequire } from 'node:module';
import { dirname } from 'node:path';
import { Script } from 'node:vm';

// The bundle is compiled inside the function Node's CommonJS loader would have given it. The
// opening ends its own line, so a bundle's line numbers in a stack are the file's (lineOffset).
const OPENING = '(function (exports, require, module, __filename, __dirname) {\n';
const CLOSING = '\n})';

function wrapBundle(source) {
  return OPENING + source + CLOSING;
}

/** A bundle compiled as it is loaded: by the build, to write its cache, and at a start, from that cache. */
export function compileBundle(file, cachedData) {
  return new Script(wrapBundle(readFileSync(file, 'utf8')), { filename: file, lineOffset: -1, cachedData });
}

export function cacheFileOf(bundle) {
  return `${bundle}.code-cache`;
}

/**
 * Set to 1 by the build for a training run: every bundle the run loads has its cache written as
 * the process ends, with the functions compiled while the command ran.
 */
export const TRAINING_ENV = 'SEGSCOPE_CODE_CACHE_TRAINING';

/**
 * The exports of the bundle at the absolute path `file`, loaded once (listed in require.cache as
 * Node's loader would list it). A cache that is missing, or that V8 refuses (another Node, other
 * V8 flags, a bundle of another length), costs only the parse it would have saved. With source
 * maps on (SEGSCOPE_DEBUG=1) Node's own loader loads it, the one that maps a stack to the sources.
 */
export function loadBundle(file) {
  const require = createRequire(file);
  if (process.sourceMapsEnabled) return require(file);
  const loaded = require.cache[file];
  if (loaded) return loaded.exports;
  const training = process.env[TRAINING_ENV] === '1';
  let cachedData;
  try {
    cachedData = training ? undefined : readFileSync(cacheFileOf(file));
  } catch {
    cachedData = undefined;
  }
  const script = compileBundle(file, cachedData);
  if (training) process.once('exit', () => writeFileSync(cacheFileOf(file), script.createCachedData()));
  const module = new Module(file);
  module.filename = file;
  require.cache[file] = module;
  script.runInThisContext().call(module.exports, module.exports, require, module, file, dirname(file));
  module.loaded = true;
  return module.exports;
}
