import type { BenchSuite } from './harness.js';

/** Each suite lives in its own `*.bench-suite.ts` module and is listed here. */
export const SUITES: readonly BenchSuite[] = [];
