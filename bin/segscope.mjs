#!/usr/bin/env node
// The command is compiled by `npm run build` (run on install by `prepare`).
import { main } from '../dist/core/cli/main.js';

process.exitCode = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
});
