#!/usr/bin/env node
// The command is CommonJS bundles made by `npm run build` (run on install by `prepare`): the
// dispatcher, which loads the bundle of the command it runs (scripts/build-cli.mjs). Node's ES
// module loader costs time for every module at start, and one CommonJS file per command starts
// faster than the same code as ES modules.
'use strict';
// The bundles are written without line breaks; a stack asked for is mapped back to the sources.
if (process.env.SEGSCOPE_DEBUG === '1') process.setSourceMapsEnabled(true);
// Loaded with the code cache the build wrote beside it, as main.cjs loads the command's bundle.
const { loadBundle } = require('../dist/cli/code-cache.cjs');
const { commandLineArgs, main, nodeNote, syncOutput } = loadBundle(
  require('node:path').join(__dirname, '../dist/cli/main.cjs'),
);

// stderr carries Segscope's own one-line messages only: the AWS SDK's multi-line warning about
// old Node versions is replaced by one line, printed when a command may load the SDK.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const argv = commandLineArgs(process.argv.slice(2));
/** How long a stopped command's leftovers get to release what they hold (temporary files) on their own. */
const GRACE_MS = 1000;
let abandoned = false;
const note = argv.some((a) => a.startsWith('s3://')) ? nodeNote(process.versions.node) : null;
if (note) process.stderr.write(`segscope: note: ${note}\n`);

void main(argv, {
  stdout: syncOutput(1),
  // Made only when a command writes to it (an error, a progress line): process.stderr on a pipe
  // loads Node's socket modules, a cost for a start that writes nothing there.
  get stderr() {
    return process.stderr;
  },
  env: process.env,
  // Read only for `--version`: package.json is not parsed at every start.
  get version() {
    return require('../package.json').version;
  },
  // V8 flags set in the process, once the command's code and Node's modules are loaded, not on the
  // `#!` line: any flag given at start makes Node's built-in modules miss their compiled code cache
  // (slowing every start). Set now, they still govern the heap: the young generation stays
  // at its first size instead of doubling up to 16 MB semi-spaces, which a listing of 100,000
  // segments keeps filling (a higher peak of memory); and V8 no longer decides early that a
  // site's objects live long and allocates them in the old generation, where a listing's
  // short-lived objects would pile up until a full collection. Only for the commands that hold a whole listing (CliIo.tuneHeap).
  tuneHeap() {
    require('node:v8').setFlagsFromString('--semi-space-growth-factor=1 --no-allocation-site-pretenuring');
  },
  // `serve` told to stop: it has let go of what it could; what is still running (a remote call
  // waiting on its socket, a point's database being built) is given up a second later.
  abandon() {
    abandoned = true;
  },
}).then((code) => {
  process.exitCode = code;
  if (abandoned) setTimeout(() => process.exit(code), GRACE_MS).unref();
});
