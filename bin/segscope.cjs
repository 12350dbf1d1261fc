#!/usr/bin/env -S node --max-semi-space-size=2 --no-allocation-site-pretenuring
// The flags: V8's young generation grows to 32 MB by default, more than a listing of 100,000
// segments keeps, so 2 MB semi-spaces; and V8 sometimes decides early that a site's objects live
// long and allocates them in the old generation from then on, where a listing's short-lived
// objects pile up until a full collection (one run in ten peaked at 100-124 MB instead of 83).
// The command is one CommonJS file bundled by `npm run build` (run on install by `prepare`):
// Node's ES module loader costs about 1.5 ms a module at start, and `meta` loaded 21 of them
// (129 ms against 92 ms as one CommonJS file, on a machine where `node -e 0` takes 62 ms).
'use strict';
const { isatty } = require('node:tty');
const { main, syncOutput } = require('../dist/cli/main.cjs');

// stderr carries Segscope's own one-line messages only: the AWS SDK's multi-line warning about
// old Node versions is replaced by one line, printed when a command may load the SDK.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const argv = process.argv.slice(2);
if (Number(process.versions.node.split('.')[0]) < 22 && argv.some((a) => a.startsWith('s3://'))) {
  process.stderr.write(`segscope: note: Node ${process.versions.node} is past its end of life; use Node 22 or 24 (the AWS SDK requires 22 from 2027)\n`);
}

void main(argv, {
  // Blocking writes to a pipe or file (see syncOutput); a terminal keeps Node's own stream.
  stdout: isatty(1) ? process.stdout : syncOutput(1),
  stderr: process.stderr,
  env: process.env,
}).then((code) => {
  process.exitCode = code;
});
