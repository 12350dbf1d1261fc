import { bucketSuite } from './bucket.bench-suite.js';
import { cliSuite } from './cli.bench-suite.js';
import { fsSuite } from './fs.bench-suite.js';
import type { BenchSuite } from './harness.js';
import { restoreSuite } from './restore.bench-suite.js';
import { s3Suite } from './s3.bench-suite.js';
import { sqldSuite } from './sqld.bench-suite.js';
import { timetravelSuite } from './timetravel.bench-suite.js';
import { uiSuite } from './ui.bench-suite.js';
import { verifySuite } from './verify.bench-suite.js';

/** Each suite lives in its own `*.bench-suite.ts` module and is listed here. */
export const SUITES: readonly BenchSuite[] = [fsSuite, cliSuite, verifySuite, sqldSuite, s3Suite, bucketSuite, restoreSuite, timetravelSuite, uiSuite];
