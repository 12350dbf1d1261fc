import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';

/**
 * The SQLite driver for the running Node. better-sqlite3 13 is built on Node-API and exits
 * cleanly on Node 24, where 12 aborts when its statements are collected at teardown; 13 does not
 * load on Node 20, which keeps 12 (installed under an alias). Both have the same API.
 */
const nodeMajor = Number(process.versions.node.split('.')[0]);
const load = createRequire(import.meta.url);

export const Database = load(nodeMajor >= 22 ? 'better-sqlite3' : 'better-sqlite3-node20') as typeof BetterSqlite3;
export type Database = BetterSqlite3.Database;
