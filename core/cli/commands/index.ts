import type { Command } from '../command.js';
import { compareCommand } from './compare.js';
import { demoCommand } from './demo.js';
import { diffCommand } from './diff.js';
import { fetchCommand } from './fetch.js';
import { inspectCommand } from './inspect.js';
import { listCommand } from './list.js';
import { metaCommand } from './meta.js';
import { namespacesCommand } from './namespaces.js';
import { pointsCommand } from './points.js';
import { restoreCommand } from './restore.js';
import { serveCommand } from './serve.js';
import { sqlCommand } from './sql.js';
import { storeCommand } from './store.js';
import { verifyCommand } from './verify.js';

/** Every `segscope` subcommand; each lives in its own module beside this one. */
export const COMMANDS: readonly Command[] = [
  namespacesCommand,
  listCommand,
  inspectCommand,
  verifyCommand,
  compareCommand,
  storeCommand,
  fetchCommand,
  metaCommand,
  pointsCommand,
  restoreCommand,
  sqlCommand,
  diffCommand,
  demoCommand,
  serveCommand,
];
