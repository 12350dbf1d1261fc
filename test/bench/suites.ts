import type { BenchSuite } from './harness.js';

/**
 * Each suite lives in its own `*.bench-suite.ts` module, listed here by name and loaded only in
 * the process that runs it: a process that had loaded every suite (the AWS SDK, Playwright)
 * verified 10-15% slower than one that loaded only what verify needs.
 */
export const SUITES: readonly { name: string; load: () => Promise<BenchSuite> }[] = [
  { name: 'fs', load: async () => (await import('./fs.bench-suite.js')).fsSuite },
  { name: 'cli', load: async () => (await import('./cli.bench-suite.js')).cliSuite },
  { name: 'verify', load: async () => (await import('./verify.bench-suite.js')).verifySuite },
  { name: 'sqld', load: async () => (await import('./sqld.bench-suite.js')).sqldSuite },
  { name: 'sqld-default', load: async () => (await import('./sqld-default.bench-suite.js')).sqldDefaultSuite },
  { name: 's3', load: async () => (await import('./s3.bench-suite.js')).s3Suite },
  { name: 'bucket', load: async () => (await import('./bucket.bench-suite.js')).bucketSuite },
  { name: 'restore', load: async () => (await import('./restore.bench-suite.js')).restoreSuite },
  { name: 'timetravel', load: async () => (await import('./timetravel.bench-suite.js')).timetravelSuite },
  { name: 'bottomless', load: async () => (await import('./bottomless.bench-suite.js')).bottomlessSuite },
  { name: 'ui', load: async () => (await import('./ui.bench-suite.js')).uiSuite },
];
