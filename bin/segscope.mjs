#!/usr/bin/env node
// The command is compiled by `npm run build` (run on install by `prepare`).
import { main } from '../dist/core/cli/main.js';

// stderr carries Segscope's own one-line messages only: the AWS SDK's multi-line warning about
// old Node versions is replaced by main()'s one-line note.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

process.exitCode = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
});
