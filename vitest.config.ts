import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two cores: the end-to-end and S3 suites start servers and a browser, so keep the pool small.
    maxWorkers: 2,
    // expect.poll's 1 s default is less than a first page load takes here while another test file
    // runs beside it (a CI run once saw an opened folder's rows still loading after 1 s); a poll
    // that succeeds returns as soon as it does, so only a failure waits the 10 s.
    expect: { poll: { timeout: 10_000 } },
    reporters: ['default', './test/support/summary-reporter.ts'],
    // The AWS SDK's seven-line warning about Node 20 would come once from every worker that loads
    // it; the run prints one line about it instead (global-setup.ts), as the command does.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  },
});
